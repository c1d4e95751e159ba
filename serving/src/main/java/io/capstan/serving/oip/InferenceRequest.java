package io.capstan.serving.oip;

import static java.util.Objects.requireNonNull;

import io.capstan.serving.spi.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded OIP v2 inference request.
 *
 * @param id the client's request id, echoed in the response; null when the client sent none
 * @param inputs the input tensors by name, in request order; not null; copied
 * @param outputs the output names asked for; empty means all; not null; copied
 */
public record InferenceRequest(String id, Map<String, Tensor> inputs, List<String> outputs) {

    public InferenceRequest {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(inputs, "inputs is null")));
        outputs = List.copyOf(outputs);
    }
}
