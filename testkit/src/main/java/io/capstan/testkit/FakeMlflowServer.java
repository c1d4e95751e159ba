package io.capstan.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.capstan.protocol.Json;
import io.capstan.protocol.MlflowRoutes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP server on 127.0.0.1 that answers MLflow API calls with canned answers, most of them
 * replayed from golden files recorded from a real MLflow server ({@code mlflow-golden/record.py}).
 * Answers registered for one endpoint are given in order; the last one repeats. Unknown endpoints
 * get MLflow's ENDPOINT_NOT_FOUND. Every request is recorded.
 */
public final class FakeMlflowServer implements AutoCloseable {
    /** One request as received: the route is the path after {@code /api/2.0/mlflow}. */
    public record Request(String method, String route, Map<String, List<String>> query, JsonNode body) {
        /** The only value of a query parameter, or null. */
        public String param(String name) {
            List<String> values = query.get(name);
            return values == null ? null : values.getFirst();
        }
    }

    private record Answer(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new LinkedHashMap<>();
    private final List<Request> requests = new ArrayList<>();

    private FakeMlflowServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeMlflowServer start() {
        try {
            return new FakeMlflowServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of a golden exchange. */
    public static JsonNode goldenBody(String name) {
        return golden(name).get("body");
    }

    /** Answers the golden exchange's endpoint with its recorded status and body. */
    public FakeMlflowServer replay(String name) {
        JsonNode exchange = golden(name);
        JsonNode request = exchange.get("request");
        return answer(request.get("method").asText(), request.get("path").asText(), exchange.get("status").asInt(),
                "application/json", exchange.get("body").toString());
    }

    /** Answers an endpoint ({@code "GET", "/runs/get"}) with this status and body. */
    public synchronized FakeMlflowServer answer(String method, String route, int status, String contentType, String body) {
        answers.computeIfAbsent(method + " " + route, k -> new ArrayDeque<>()).add(new Answer(status, contentType, body));
        return this;
    }

    /** The base URI to give as {@code --tracking-uri}. */
    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request so far, in order. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests to one route, in order. */
    public synchronized List<Request> requests(String route) {
        return requests.stream().filter(r -> r.route().equals(route)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            int api = path.indexOf(MlflowRoutes.API);
            String route = api < 0 ? path : path.substring(api + MlflowRoutes.API.length());
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readAllBytes();
            }
            JsonNode body = bytes.length == 0 ? null : Json.mapper().readTree(bytes);
            Answer answer;
            synchronized (this) {
                requests.add(new Request(exchange.getRequestMethod(), route, query(exchange.getRequestURI().getRawQuery()), body));
                Deque<Answer> queue = answers.get(exchange.getRequestMethod() + " " + route);
                if (queue == null) {
                    answer = new Answer(404, "application/json",
                            "{\"error_code\":\"ENDPOINT_NOT_FOUND\",\"message\":\"No endpoint " + route + "\"}");
                } else {
                    answer = queue.size() > 1 ? queue.poll() : queue.peek();
                }
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(out);
            }
        }
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static JsonNode golden(String name) {
        try (InputStream in = FakeMlflowServer.class.getResourceAsStream("/mlflow-golden/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("No golden file " + name);
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
