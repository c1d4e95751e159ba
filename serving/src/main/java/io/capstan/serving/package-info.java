/**
 * Model serving: which MLflow models Capstan can serve ({@link io.capstan.serving.MlModelFile})
 * and, in {@link io.capstan.serving.spi}, the runtime port they load into. The ONNX Runtime adapter
 * lives in {@code onnx}, the Open Inference Protocol v2 JSON codec in {@code oip}, dynamic batching
 * per model version in {@code batching}, the durable inference log for monitoring in
 * {@code inferencelog}; HTTP routes are in {@code server}.
 *
 * <p>Why no sklearn/pickle support: unpickling runs arbitrary code and needs a Python interpreter
 * matching the training environment; ONNX gives the same predictions from a plain file.
 */
package io.capstan.serving;
