/**
 * The Open Inference Protocol v2 (KServe v2 / Triton) REST JSON codec,
 * {@link io.capstan.serving.oip.V2Codec}. Pure functions over bytes; the HTTP routes that use it
 * belong in {@code server}.
 */
package io.capstan.serving.oip;
