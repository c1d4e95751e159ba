package io.capstan.serving.inferencelog;

import static java.util.Objects.requireNonNull;

import io.capstan.core.IdGenerator;
import java.time.Clock;

/**
 * Gives each inference request its id and arrival time from the injected seams, so tests pin
 * both and production uses {@link IdGenerator#secure()} and the system clock.
 *
 * <p>Thread-safe if the generator and clock are (the production ones are).
 */
public final class RequestStamps {
    private final IdGenerator ids;
    private final Clock clock;

    /**
     * @param ids makes request ids (32 hex characters); not null
     * @param clock stamps arrival times; not null
     */
    public RequestStamps(IdGenerator ids, Clock clock) {
        this.ids = requireNonNull(ids, "ids is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A new request's id and arrival time. */
    public RequestStamp next() {
        return new RequestStamp(ids.hex32(), clock.instant());
    }

    /**
     * A request's identity for the log and the response.
     *
     * @param requestId not null
     * @param timestamp not null
     */
    public record RequestStamp(String requestId, java.time.Instant timestamp) {
        public RequestStamp {
            requireNonNull(requestId, "requestId is null");
            requireNonNull(timestamp, "timestamp is null");
        }
    }
}
