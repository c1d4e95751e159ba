package io.capstan.serving.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A loaded model's signature: the OIP v2 platform string and its inputs and outputs in the
 * model's own order.
 *
 * @param platform e.g. {@code onnx_onnxv1}; not null
 * @param inputs not null; copied
 * @param outputs not null; copied
 */
public record ModelMetadata(String platform, List<TensorSpec> inputs, List<TensorSpec> outputs) {

    public ModelMetadata {
        requireNonNull(platform, "platform is null");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The input with this name, if any. */
    public Optional<TensorSpec> input(String name) {
        return inputs.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The output with this name, if any. */
    public Optional<TensorSpec> output(String name) {
        return outputs.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
