package io.capstan.app;

import io.capstan.monitoring.spi.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Alert webhooks over the JDK's HTTP client: connect and answer timeouts, no redirects followed (a
 * redirect is an answer that is not 2xx, so the delivery is retried and the status recorded).
 * Thread-safe.
 */
final class HttpWebhooks implements WebhookSender {
    private final HttpClient client;
    private final Duration timeout;

    HttpWebhooks(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public int post(URI url, byte[] body, Map<String, String> headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad webhook request: " + e.getMessage(), e);
        }
    }
}
