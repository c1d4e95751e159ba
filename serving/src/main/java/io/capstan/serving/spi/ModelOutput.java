package io.capstan.serving.spi;

/**
 * One output of a model run: a {@link Tensor}, or a {@link MapSequence} for models whose output is
 * not a tensor (skl2onnx's ZipMap). The Open Inference Protocol carries tensors only; MLflow's
 * scoring protocol carries both.
 */
public sealed interface ModelOutput permits Tensor, MapSequence {

    /** The output's name in the model. */
    String name();
}
