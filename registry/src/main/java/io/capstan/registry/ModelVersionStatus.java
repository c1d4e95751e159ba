package io.capstan.registry;

/**
 * Registration status of a model version. Capstan registers synchronously, so versions are
 * {@link #READY} from the start (the client then never polls).
 */
public enum ModelVersionStatus {
    PENDING_REGISTRATION,
    FAILED_REGISTRATION,
    READY
}
