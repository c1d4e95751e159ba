/**
 * The ONNX Runtime adapter for {@link io.capstan.serving.spi.ModelRuntime}. One process-wide
 * {@code OrtEnvironment} is passed in by the caller; each model gets its own session, sized for
 * small machines by {@link io.capstan.serving.onnx.OnnxSessionConfig}.
 */
package io.capstan.serving.onnx;
