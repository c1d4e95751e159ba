package io.capstan.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;
import io.capstan.protocol.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request and its response, as routes see it. Keeps Jetty's types inside this module.
 * Not thread-safe: one exchange belongs to one request thread.
 */
public final class Exchange {
    /** Largest JSON body accepted; artifact uploads stream and are not bound by it. */
    static final int MAX_JSON_BODY = 16 * 1024 * 1024;

    private final Request request;
    private final Response response;
    private final String path;
    private Map<String, String> pathParams = Map.of();
    private WireInput input;
    private boolean responded;

    Exchange(Request request, Response response, String path) {
        this.request = request;
        this.response = response;
        this.path = path;
    }

    void pathParams(Map<String, String> params) {
        this.pathParams = params;
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return path;
    }

    /** A path parameter of the matched route, or null. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** Query parameters, repeated keys kept in order. */
    public Map<String, List<String>> query() {
        Fields fields;
        try {
            fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Jetty throws (HttpException's subclasses) on bad percent-encoding or non-UTF-8 bytes:
            // the client's mistake, so a 400 and not a 500 the Python client would retry
            throw CapstanException.invalid("Malformed query string: bad percent-encoding or not UTF-8.");
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (Fields.Field field : fields) {
            query.put(field.getName(), field.getValues());
        }
        return query;
    }

    /**
     * The request's parameters: the query string for a GET that has one (MLflow clients send GET
     * parameters that way), otherwise the JSON body.
     */
    public WireInput input() throws IOException {
        if (input == null) {
            String rawQuery = request.getHttpURI().getQuery();
            if (method().equals("GET") && rawQuery != null && !rawQuery.isEmpty()) {
                input = WireInput.fromQuery(query());
            } else {
                input = new WireInput(jsonBody());
            }
        }
        return input;
    }

    private JsonNode jsonBody() throws IOException {
        String contentType = header("Content-Type");
        // as MLflow (CSRF hardening): JSON writes must say they are JSON; GET and DELETE may omit it
        boolean write = method().equals("POST") || method().equals("PATCH") || method().equals("PUT");
        if (write && (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
            throw CapstanException.invalid("Bad Request. Content-Type must be 'application/json', got '%s'.",
                    contentType);
        }
        byte[] bytes = readAtMost(MAX_JSON_BODY);
        if (bytes.length > MAX_JSON_BODY) {
            throw CapstanException.invalid("Request body exceeds the %d-byte limit for JSON requests.", MAX_JSON_BODY);
        }
        if (bytes.length == 0) {
            return null;
        }
        try {
            return Json.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw CapstanException.invalid("Malformed JSON in the request body: %s", e.getOriginalMessage());
        }
    }

    /**
     * The whole raw body, at most {@code limit} bytes.
     *
     * @throws PayloadTooLargeException when the body is longer
     */
    public byte[] bodyBytes(int limit) throws IOException {
        byte[] bytes = readAtMost(limit);
        if (bytes.length > limit) {
            throw new PayloadTooLargeException(limit);
        }
        return bytes;
    }

    /** The body, or its first {@code limit + 1} bytes when it is longer than {@code limit}. */
    private byte[] readAtMost(int limit) throws IOException {
        long declared = request.getLength();
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared >= 0 && declared <= limit) {
                // one array of the declared length: readNBytes(limit) would allocate 16 KiB chunks and
                // copy them, for every request however small (half of a small inference's garbage)
                byte[] exact = new byte[(int) declared];
                int read = in.readNBytes(exact, 0, exact.length);
                return read == exact.length ? exact : Arrays.copyOf(exact, read);
            }
            // no length, or a longer one: read one byte past the limit, so a client sending too much
            // gets its 413 once it has sent, not a connection reset in the middle
            return in.readNBytes(limit + 1);
        }
    }

    /** The raw body, for streaming uploads. */
    public InputStream body() {
        return Content.Source.asInputStream(request);
    }

    /** Answers 200 with a JSON object. */
    public void json(JsonNode body) throws IOException {
        json(200, body);
    }

    /** Answers 200 with {@code {}}, what MLflow returns for empty responses. */
    public void empty() throws IOException {
        json(200, Json.mapper().createObjectNode());
    }

    /** Answers with a status and a JSON body. */
    public void json(int status, JsonNode body) throws IOException {
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        send(status, "application/json", bytes);
    }

    /** Answers with plain text. */
    public void text(int status, String body) throws IOException {
        send(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with a status and no body, such as a 304. */
    void noBody(int status) throws IOException {
        responded = true;
        response.setStatus(status);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            out.flush();
        }
    }

    /** Streams a file's bytes. */
    public void stream(String contentType, long length, InputStream in) throws IOException {
        responded = true;
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        if (length >= 0) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        }
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            in.transferTo(out);
        }
    }

    /** Answers with a status, a content type and a body. */
    public void bytes(int status, String contentType, byte[] body) throws IOException {
        send(status, contentType, body);
    }

    /** Sets a response header before the body is written. */
    public void responseHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /** A new JSON object to fill in. */
    public static ObjectNode object() {
        return Json.mapper().createObjectNode();
    }

    boolean responded() {
        return responded;
    }

    private void send(int status, String contentType, byte[] bytes) throws IOException {
        responded = true;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            out.write(bytes);
        }
    }
}
