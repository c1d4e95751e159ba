package io.capstan.monitoring.spi;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** Sends webhook calls. Implementations are thread-safe and time out rather than hang. */
public interface WebhookSender {
    /**
     * POSTs {@code body} (JSON) with these extra headers and returns the HTTP status.
     *
     * @throws IOException when no answer came (connection refused, timeout)
     */
    int post(URI url, byte[] body, Map<String, String> headers) throws IOException;
}
