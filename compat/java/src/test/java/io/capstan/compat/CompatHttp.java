package io.capstan.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A plain {@link java.net.http} client for MLflow's REST API: one keep-alive HTTP/1.1 connection
 * pool per instance, JSON in and out, every call bounded by a timeout. Not thread-safe by intent:
 * give each writer thread its own.
 */
final class CompatHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final HttpClient http;

    CompatHttp(String base) {
        this.base = Objects.requireNonNull(base, "base is null");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    String base() {
        return base;
    }

    HttpClient http() {
        return http;
    }

    /** The response of a request: status and body text. */
    record Reply(int status, String body) {
        boolean ok() {
            return status == 200;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        /** The JSON body of a 200, or an AssertionError naming the status and body. */
        JsonNode okJson(String what) {
            if (!ok()) {
                throw new AssertionError(what + " answered " + status + ": " + body);
            }
            return json();
        }
    }

    /** POSTs JSON to {@code /api/2.0/mlflow/<endpoint>}. */
    Reply post(String endpoint, JsonNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + endpoint))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    /** GETs {@code /api/2.0/mlflow/<endpoint>} with query parameters (values are URL-encoded). */
    Reply get(String endpoint, Map<String, String> query) throws IOException, InterruptedException {
        return getPath("/api/2.0/mlflow/" + endpoint, query);
    }

    Reply getPath(String path, Map<String, String> query) throws IOException, InterruptedException {
        StringBuilder uri = new StringBuilder(base).append(path);
        char sep = '?';
        for (Map.Entry<String, String> e : new TreeMap<>(query).entrySet()) {
            uri.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
            sep = '&';
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Creates an experiment and returns its id. */
    String createExperiment(String name) throws IOException, InterruptedException {
        return post("experiments/create", object().put("name", name)).okJson("experiments/create")
                .path("experiment_id").asText();
    }

    /** Creates a run and returns its id. */
    String createRun(String experimentId, String name) throws IOException, InterruptedException {
        return post("runs/create", object().put("experiment_id", experimentId).put("run_name", name)
                .put("start_time", System.currentTimeMillis()))
                .okJson("runs/create").at("/run/info/run_id").asText();
    }

    /** Every point of a metric's history, following page tokens: step → value. */
    Map<Long, Double> history(String runId, String key) throws IOException, InterruptedException {
        Map<Long, Double> points = new HashMap<>();
        String token = null;
        for (int page = 0; page < 10_000; page++) {
            Map<String, String> query = new HashMap<>(Map.of("run_id", runId, "metric_key", key,
                    "max_results", "25000"));
            if (token != null) {
                query.put("page_token", token);
            }
            JsonNode body = get("metrics/get-history", query).okJson("metrics/get-history");
            for (JsonNode m : body.path("metrics")) {
                Double previous = points.put(m.path("step").asLong(), m.path("value").asDouble());
                if (previous != null) {
                    throw new AssertionError("step " + m.path("step").asLong() + " of " + runId + "/" + key
                            + " appears twice in its history");
                }
            }
            token = body.path("next_page_token").asText("");
            if (token.isEmpty()) {
                return points;
            }
        }
        throw new AssertionError("metric history of " + runId + "/" + key + " never ended");
    }

    /** Steps only, sorted. */
    TreeSet<Long> steps(String runId, String key) throws IOException, InterruptedException {
        return new TreeSet<>(history(runId, key).keySet());
    }
}
