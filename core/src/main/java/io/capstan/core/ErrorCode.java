package io.capstan.core;

/**
 * What went wrong, in MLflow's vocabulary (databricks.proto {@code ErrorCode}).
 *
 * <p>Each code carries the HTTP status MLflow answers with, so that the one place that writes
 * errors to the wire ({@code server}) never has to guess. Client mistakes are 4xx: MLflow's
 * Python client retries 5xx for minutes.
 */
public enum ErrorCode {
    INVALID_PARAMETER_VALUE(400),
    BAD_REQUEST(400),
    /** MLflow quirk: already-exists is a 400, not a 409; clients check the code, not the status. */
    RESOURCE_ALREADY_EXISTS(400),
    RESOURCE_DOES_NOT_EXIST(404),
    ENDPOINT_NOT_FOUND(404),
    PERMISSION_DENIED(403),
    UNAUTHENTICATED(401),
    RESOURCE_CONFLICT(409),
    REQUEST_LIMIT_EXCEEDED(429),
    RESOURCE_EXHAUSTED(429),
    /** MLflow answers 500 for this one (e.g. renaming a deleted experiment); kept for fidelity. */
    INVALID_STATE(500),
    INTERNAL_ERROR(500),
    NOT_IMPLEMENTED(501),
    TEMPORARILY_UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status MLflow's server maps this code to. */
    public int httpStatus() {
        return httpStatus;
    }
}
