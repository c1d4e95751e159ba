package io.capstan.client;

import java.net.URI;
import java.util.Objects;

/**
 * No answer came from the tracking server: the connection was refused, the host is unknown, the
 * request timed out or the calling thread was interrupted while waiting.
 */
public final class ServerUnreachableException extends RuntimeException {
    private final URI trackingUri;

    /**
     * @param trackingUri the server that was asked; not null
     * @param reason why there was no answer, in a few words; not null
     * @param cause the underlying failure; may be null
     */
    public ServerUnreachableException(URI trackingUri, String reason, Throwable cause) {
        super("Cannot reach the tracking server at " + trackingUri + ": "
                + Objects.requireNonNull(reason, "reason is null"), cause);
        this.trackingUri = trackingUri;
    }

    /** The server that was asked. */
    public URI trackingUri() {
        return trackingUri;
    }
}
