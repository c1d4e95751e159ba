package io.capstan.serving.batching;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.time.Duration;

/**
 * A request refused because the model's queue is full: {@link ErrorCode#RESOURCE_EXHAUSTED}
 * (HTTP 429), with a hint for the {@code Retry-After} header.
 *
 * <p>Shedding instead of queueing keeps latency bounded for the requests that are accepted, and a
 * 429 is a status every client library already backs off on.
 */
public final class QueueFullException extends CapstanException {
    private final Duration retryAfter;

    /**
     * @param retryAfter when retrying is likely to succeed; positive, whole seconds; not null
     * @param format the message pattern
     * @param args its arguments
     */
    public QueueFullException(Duration retryAfter, String format, Object... args) {
        super(ErrorCode.RESOURCE_EXHAUSTED, format, args);
        this.retryAfter = requireNonNull(retryAfter, "retryAfter is null");
    }

    /** How long a client should wait before retrying: at least one second, in whole seconds. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
