package io.capstan.serving.oip;

import static java.util.Objects.requireNonNull;

import io.capstan.serving.spi.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A decoded OIP v2 inference request.
 *
 * @param id the client's request id, echoed in the response; null when the client sent none
 * @param inputs the input tensors by name, in request order; not null; copied
 * @param outputs the output names asked for; empty means all; not null; copied
 * @param binaryOutputs the outputs to answer in the binary tensor extension (Triton's
 *     {@code binary_data} per output); not null; copied
 * @param binaryByDefault whether outputs not listed explicitly are answered in binary (Triton's
 *     request-level {@code binary_data_output}, which tritonclient sends when it names no outputs)
 */
public record InferenceRequest(String id, Map<String, Tensor> inputs, List<String> outputs,
        Set<String> binaryOutputs, boolean binaryByDefault) {

    public InferenceRequest {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(inputs, "inputs is null")));
        outputs = List.copyOf(outputs);
        binaryOutputs = Collections.unmodifiableSet(new LinkedHashSet<>(binaryOutputs));
    }

    /** A request answered in JSON only. */
    public InferenceRequest(String id, Map<String, Tensor> inputs, List<String> outputs) {
        this(id, inputs, outputs, Set.of(), false);
    }

    /** Whether the output named {@code name} goes back as binary data. */
    public boolean binary(String name) {
        return binaryOutputs.contains(name) || (binaryByDefault && !outputs.contains(name));
    }
}
