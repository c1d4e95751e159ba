/**
 * Artifact bytes behind the {@link io.capstan.artifacts.spi.ArtifactStore} port. Every path a
 * client names is parsed into an {@link io.capstan.artifacts.ArtifactPath} first, which refuses
 * anything that could escape the store's root.
 */
package io.capstan.artifacts;
