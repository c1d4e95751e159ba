package io.capstan.core;

import java.util.Objects;

/**
 * A failure categorised where it happens; {@code server} translates it once into the wire's
 * error shape and status.
 */
public class CapstanException extends RuntimeException {
    private final ErrorCode code;

    /**
     * @param code what kind of failure this is; not null
     * @param format a {@link String#format} pattern for the message
     * @param args the pattern's arguments
     */
    public CapstanException(ErrorCode code, String format, Object... args) {
        super(args.length == 0 ? format : String.format(format, args));
        this.code = Objects.requireNonNull(code, "code is null");
    }

    /** Same, keeping the underlying cause for logs (never for the wire). */
    public CapstanException(ErrorCode code, Throwable cause, String message) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }

    /** Shorthand for the most common client mistake. */
    public static CapstanException invalid(String format, Object... args) {
        return new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, format, args);
    }

    /** Shorthand for a missing entity. */
    public static CapstanException notFound(String format, Object... args) {
        return new CapstanException(ErrorCode.RESOURCE_DOES_NOT_EXIST, format, args);
    }
}
