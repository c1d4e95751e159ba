package io.capstan.monitoring.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One request a deployment answered, as monitoring reads it from the serving layer's inference log.
 *
 * @param requestId the id returned to the caller, by which ground truth is joined later; not null
 * @param timestamp when the request arrived; not null
 * @param modelVersion the registry version that answered; not null
 * @param inputs the input tensors in request order; copied, not null
 * @param outputs the output tensors in model order; copied, not null
 */
public record ServedRequest(String requestId, Instant timestamp, String modelVersion, List<ServedTensor> inputs,
        List<ServedTensor> outputs) {
    public ServedRequest {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(modelVersion, "modelVersion is null");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** Returns the number of rows: the first dimension of the first input, or 0 without inputs. */
    public int rows() {
        return inputs.isEmpty() ? 0 : inputs.get(0).rows();
    }
}
