package io.capstan.client;

import io.capstan.core.ErrorCode;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The server answered, but with an error: MLflow's {@code {"error_code", "message"}} body and
 * its HTTP status. {@link #getMessage()} is the server's message.
 *
 * <p>When an answer carries no MLflow error body (a proxy's HTML page, say), the code is derived
 * from the status the way MLflow's Python client does it: 400 {@code BAD_REQUEST}, 404
 * {@code ENDPOINT_NOT_FOUND}, anything unknown {@code INTERNAL_ERROR}.
 */
public final class CapstanClientException extends RuntimeException {
    private final int httpStatus;
    private final String errorCode;

    /**
     * @param httpStatus the HTTP status of the answer
     * @param errorCode MLflow's error code name, such as {@code RESOURCE_DOES_NOT_EXIST}; not null
     * @param message what the server said; not null
     */
    public CapstanClientException(int httpStatus, String errorCode, String message) {
        super(Objects.requireNonNull(message, "message is null"));
        this.httpStatus = httpStatus;
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode is null");
    }

    /** The HTTP status of the answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** MLflow's error code name as the server sent it, such as {@code RESOURCE_DOES_NOT_EXIST}. */
    public String errorCode() {
        return errorCode;
    }

    /** The error code as Capstan's enum, or empty for a code outside it (e.g. {@code DATA_LOSS}). */
    public Optional<ErrorCode> code() {
        return Arrays.stream(ErrorCode.values()).filter(c -> c.name().equals(errorCode)).findFirst();
    }

    /** The code MLflow's Python client assigns to an error answer without an MLflow error body. */
    static String errorCodeForStatus(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "ENDPOINT_NOT_FOUND";
            case 409 -> "ALREADY_EXISTS";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 501 -> "NOT_IMPLEMENTED";
            case 503 -> "TEMPORARILY_UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "INTERNAL_ERROR";
        };
    }
}
