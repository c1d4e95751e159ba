package io.capstan.serving.oip;

import static java.util.Objects.requireNonNull;

import io.capstan.serving.spi.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OIP v2 inference response.
 *
 * @param modelName not null
 * @param modelVersion null for a server without versions (then omitted on the wire)
 * @param id the request's id; null when the request had none (then omitted)
 * @param outputs the output tensors by name, in order; not null; copied
 */
public record InferenceResponse(String modelName, String modelVersion, String id,
        Map<String, Tensor> outputs) {

    public InferenceResponse {
        requireNonNull(modelName, "modelName is null");
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(outputs, "outputs is null")));
    }
}
