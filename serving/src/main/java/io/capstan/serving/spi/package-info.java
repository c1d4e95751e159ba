/**
 * The serving port: {@link io.capstan.serving.spi.ModelRuntime} (a loaded model) and the values it
 * speaks in, {@link io.capstan.serving.spi.Tensor} and {@link io.capstan.serving.spi.ModelMetadata}.
 * Datatypes use the Open Inference Protocol v2 names so the OIP codec maps one to one.
 */
package io.capstan.serving.spi;
