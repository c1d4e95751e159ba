package io.capstan.serving.spi;

import java.util.List;
import java.util.Map;

/**
 * A loaded model that turns named input tensors into named output tensors.
 *
 * <p>Implementations are thread-safe: {@link #infer} may be called concurrently from many
 * threads. {@link #close} releases native resources; it waits for running inferences, is
 * idempotent, and afterwards {@code infer} fails with {@code TEMPORARILY_UNAVAILABLE}.
 */
public interface ModelRuntime extends AutoCloseable {

    /** The model's platform, inputs and outputs. Never null. */
    ModelMetadata metadata();

    /**
     * Runs the model on one request (which may be a batch along the first dimension).
     *
     * @param inputs every model input by name, exactly once; not null
     * @param outputs the names of the outputs wanted; empty means all of them; not null
     * @return the outputs by name, in the order of {@link ModelMetadata#outputs()}; never null
     * @throws io.capstan.core.CapstanException INVALID_PARAMETER_VALUE for a missing or unknown
     *     input, a wrong datatype or shape, or an unknown output name; INTERNAL_ERROR when the
     *     engine fails on inputs that passed validation
     */
    Map<String, Tensor> infer(Map<String, Tensor> inputs, List<String> outputs);

    /** Same as {@code infer(inputs, List.of())}: all outputs. */
    default Map<String, Tensor> infer(Map<String, Tensor> inputs) {
        return infer(inputs, List.of());
    }

    /**
     * Runs the model and returns every output, including those that are not tensors (a ZipMap's
     * sequence of maps), in the model's output order: what MLflow's pyfunc {@code predict} sees.
     * The default is {@link #infer(Map)} for runtimes whose outputs are all tensors.
     *
     * @throws io.capstan.core.CapstanException as {@link #infer(Map, List)}
     */
    default Map<String, ModelOutput> predict(Map<String, Tensor> inputs) {
        return new java.util.LinkedHashMap<>(infer(inputs));
    }

    /** Releases the model; see the class comment. Never throws. */
    @Override
    void close();
}
