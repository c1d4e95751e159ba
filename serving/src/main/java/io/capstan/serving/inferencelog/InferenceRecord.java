package io.capstan.serving.inferencelog;

import static java.util.Objects.requireNonNull;

import io.capstan.core.ErrorCode;
import io.capstan.serving.spi.Tensor;
import java.time.Instant;
import java.util.List;

/**
 * One inference as the log keeps it: who asked (request id), when, which model version answered,
 * what went in and came out, how long it took and whether it succeeded. Monitoring joins late
 * ground truth on {@code requestId}, which is why the id is also returned to the caller.
 *
 * @param requestId the id returned to the caller; not null or blank
 * @param timestamp when the request arrived; decides which log file holds the record; not null
 * @param modelName the registered model's name; not null
 * @param modelVersion the version that answered; not null
 * @param deploymentName the deployment that routed the request; null for a model served directly
 * @param inputs the input tensors in request order; not null; copied
 * @param outputs the output tensors in model order; empty for a failed request; not null; copied
 * @param latencyMicros the time from request to answer in microseconds; not negative
 * @param status {@link #OK} or the name of the {@link ErrorCode} the request failed with
 * @throws IllegalArgumentException for a blank id, a negative latency or an unknown status
 */
public record InferenceRecord(String requestId, Instant timestamp, String modelName, String modelVersion,
        String deploymentName, List<Tensor> inputs, List<Tensor> outputs, long latencyMicros, String status) {

    /** The status of a request that was answered. */
    public static final String OK = "OK";

    public InferenceRecord {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(modelVersion, "modelVersion is null");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        requireNonNull(status, "status is null");
        if (requestId.isBlank()) {
            throw new IllegalArgumentException("requestId is blank");
        }
        if (latencyMicros < 0) {
            throw new IllegalArgumentException("latencyMicros is negative: " + latencyMicros);
        }
        if (!status.equals(OK)) {
            try {
                ErrorCode.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("status must be OK or an ErrorCode name, got '" + status + "'");
            }
        }
    }

    /** The status for a request that failed with {@code code}: the code's name. */
    public static String status(ErrorCode code) {
        return code.name();
    }

    /** Whether the request was answered. */
    public boolean succeeded() {
        return status.equals(OK);
    }
}
