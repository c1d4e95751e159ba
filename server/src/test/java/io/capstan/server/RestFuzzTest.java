package io.capstan.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.server.LiveServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

/**
 * Property tests over real HTTP: random and mutated JSON bodies, wrong types (strings for numbers,
 * objects for strings, huge numbers, NaN, unicode, deep nesting), random query strings, random
 * search filters and order-by clauses, and random artifact paths, thrown at every route. The
 * properties: no answer is a 5xx (MLflow's client retries those for minutes), every 4xx is MLflow's
 * {@code {"error_code","message"}} JSON, every 200 JSON body is strict JSON.
 *
 * <p>One documented exception, asserted as narrowly as possible: {@code experiments/update} on a
 * deleted experiment answers 500 {@code INVALID_STATE} as MLflow does. Request targets Jetty
 * refuses before routing (encoded {@code /}, dot segments, control characters) must also carry
 * the JSON error shape ({@code JsonErrorHandler}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestFuzzTest {
    private static final long SEED = 0x5eed_ca95_7a11L;
    private static final String API = "/api/2.0/mlflow";
    private static final String PROXY = "/api/2.0/mlflow-artifacts";
    private static final String CAPSTAN = "/api/capstan";
    private static final List<String> MONITORS = List.of("fz-monitor", "fz-monitor-2", "nope");
    private static final List<String> TIMES = List.of("2025-01-01T00:00:00Z", "2024-12-31T23:00:00Z",
            "2025-01-01T00:00:01Z", "2999-01-01T00:00:00Z", "yesterday", "", "2025-13-01T00:00:00Z", "1735689600");

    private Path dir;
    private LiveServer server;
    private final List<String> experimentIds = new ArrayList<>();
    private final List<String> runIds = new ArrayList<>();
    private final List<String> modelIds = new ArrayList<>();
    private final List<String> registeredNames = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger invalidStates = new AtomicInteger();
    private final Map<Integer, Integer> statuses = new java.util.TreeMap<>();

    /** A route and the request fields it reads; {@code kind} says where they go. */
    private record Route(String method, String path, Kind kind, List<String> fields) {
    }

    private enum Kind { JSON, QUERY }

    /** A generated request for a route: its JSON body or its query string. */
    private record Request(Route route, String data) {
        @Override
        public String toString() {
            return route.method() + " " + route.path() + " " + LiveServer.printable(data, 2000);
        }
    }

    private static Route json(String method, String path, String... fields) {
        return new Route(method, path, Kind.JSON, List.of(fields));
    }

    private static Route query(String path, String... fields) {
        return new Route("GET", path, Kind.QUERY, List.of(fields));
    }

    /** Every route the server module serves (artifact paths are fuzzed separately). */
    private static final List<Route> ROUTES = List.of(
            json("POST", API + "/experiments/create", "name", "artifact_location", "tags"),
            query(API + "/experiments/get", "experiment_id"),
            query(API + "/experiments/get-by-name", "experiment_name"),
            json("POST", API + "/experiments/search", "max_results", "page_token", "filter", "order_by", "view_type"),
            query(API + "/experiments/search", "max_results", "page_token", "filter", "order_by", "view_type"),
            json("POST", API + "/experiments/update", "experiment_id", "new_name"),
            json("POST", API + "/experiments/delete", "experiment_id"),
            json("POST", API + "/experiments/restore", "experiment_id"),
            json("POST", API + "/experiments/set-experiment-tag", "experiment_id", "key", "value"),
            json("POST", API + "/experiments/delete-experiment-tag", "experiment_id", "key"),
            json("POST", API + "/runs/create", "experiment_id", "user_id", "run_name", "start_time", "tags"),
            query(API + "/runs/get", "run_id", "run_uuid"),
            json("POST", API + "/runs/update", "run_id", "run_uuid", "status", "end_time", "run_name"),
            json("POST", API + "/runs/delete", "run_id"),
            json("POST", API + "/runs/restore", "run_id"),
            json("POST", API + "/runs/log-metric", "run_id", "run_uuid", "key", "value", "timestamp", "step",
                    "model_id", "dataset_name", "dataset_digest"),
            json("POST", API + "/runs/log-parameter", "run_id", "key", "value"),
            json("POST", API + "/runs/set-tag", "run_id", "key", "value"),
            json("POST", API + "/runs/delete-tag", "run_id", "key"),
            json("POST", API + "/runs/log-batch", "run_id", "metrics", "params", "tags"),
            json("POST", API + "/runs/log-inputs", "run_id", "datasets", "models"),
            json("POST", API + "/runs/outputs", "run_id", "models"),
            json("POST", API + "/runs/log-model", "run_id", "model_json"),
            json("POST", API + "/runs/search", "experiment_ids", "filter", "run_view_type", "max_results", "order_by",
                    "page_token"),
            query(API + "/runs/search", "experiment_ids", "filter", "run_view_type", "max_results", "order_by",
                    "page_token"),
            query(API + "/metrics/get-history", "run_id", "metric_key", "max_results", "page_token"),
            query(API + "/metrics/get-history-bulk-interval", "run_ids", "metric_key", "start_step", "end_step",
                    "max_results"),
            query("/ajax-api/2.0/mlflow/metrics/get-history-bulk", "run_id", "metric_key", "max_results"),
            query(API + "/artifacts/list", "run_id", "path", "page_token"),
            query("/get-artifact", "run_id", "path"),
            json("POST", API + "/logged-models", "experiment_id", "name", "model_type", "source_run_id", "params",
                    "tags"),
            json("POST", API + "/logged-models/search", "experiment_ids", "filter", "datasets", "max_results",
                    "model_order_by", "page_token"),
            query(API + "/logged-models/{model_id}", "allow_deleted"),
            json("PATCH", API + "/logged-models/{model_id}", "model_id", "status"),
            json("DELETE", API + "/logged-models/{model_id}"),
            json("PATCH", API + "/logged-models/{model_id}/tags", "tags"),
            json("DELETE", API + "/logged-models/{model_id}/tags/{tag_key}"),
            json("POST", API + "/logged-models/{model_id}/params", "params"),
            query(API + "/logged-models/{model_id}/artifacts/directories", "artifact_directory_path", "page_token"),
            query(PROXY + "/artifacts", "path"),
            json("POST", PROXY + "/mpu/create/fuzz/f.bin", "path", "num_parts"),
            json("POST", PROXY + "/mpu/complete/fuzz/f.bin", "path", "upload_id", "parts"),
            json("POST", PROXY + "/mpu/abort/fuzz/f.bin", "path", "upload_id"),
            json("POST", API + "/registered-models/create", "name", "tags", "description"),
            json("POST", API + "/registered-models/rename", "name", "new_name"),
            json("PATCH", API + "/registered-models/update", "name", "description"),
            json("DELETE", API + "/registered-models/delete", "name"),
            query(API + "/registered-models/get", "name"),
            query(API + "/registered-models/search", "filter", "max_results", "order_by", "page_token"),
            json("POST", API + "/registered-models/get-latest-versions", "name", "stages"),
            query(API + "/registered-models/get-latest-versions", "name", "stages"),
            json("POST", API + "/registered-models/set-tag", "name", "key", "value"),
            json("DELETE", API + "/registered-models/delete-tag", "name", "key"),
            json("POST", API + "/registered-models/alias", "name", "alias", "version"),
            json("DELETE", API + "/registered-models/alias", "name", "alias"),
            query(API + "/registered-models/alias", "name", "alias"),
            json("POST", API + "/model-versions/create", "name", "source", "run_id", "tags", "run_link", "description",
                    "model_id"),
            json("PATCH", API + "/model-versions/update", "name", "version", "description"),
            json("POST", API + "/model-versions/transition-stage", "name", "version", "stage",
                    "archive_existing_versions"),
            json("DELETE", API + "/model-versions/delete", "name", "version"),
            query(API + "/model-versions/get", "name", "version"),
            query(API + "/model-versions/search", "filter", "max_results", "order_by", "page_token"),
            query(API + "/model-versions/get-download-uri", "name", "version"),
            json("POST", API + "/model-versions/set-tag", "name", "version", "key", "value"),
            json("DELETE", API + "/model-versions/delete-tag", "name", "version", "key"),
            query("/model-versions/get-artifact", "name", "version", "path"),
            json("POST", CAPSTAN + "/monitors", "name", "monitor_source", "reference", "feature_names", "columns",
                    "window_seconds", "delay_seconds", "min_rows", "drift", "quality", "start"),
            query(CAPSTAN + "/monitors"),
            query(CAPSTAN + "/monitors/{monitor}"),
            json("DELETE", CAPSTAN + "/monitors/{monitor}"),
            query(CAPSTAN + "/monitors/{monitor}/windows", "from", "to", "max_results", "page_token"),
            query(CAPSTAN + "/monitors/{monitor}/windows/{window_start}"),
            query(CAPSTAN + "/monitors/{monitor}/windows/{window_start}/report.html"),
            json("POST", CAPSTAN + "/monitors/{monitor}/evaluate", "window_start"),
            json("POST", CAPSTAN + "/ground-truth", "deployment", "labels"),
            json("POST", CAPSTAN + "/alerts", "name", "monitor", "condition", "for_windows", "resolve_windows",
                    "actions"),
            query(CAPSTAN + "/alerts/{alert}"),
            query(CAPSTAN + "/alerts/{alert}/events", "max_results"),
            json("DELETE", CAPSTAN + "/alerts/{alert}"),
            query(CAPSTAN + "/retrain-requests", "status", "max_results"),
            json("POST", CAPSTAN + "/retrain-requests/{retrain}/claim", "worker"),
            json("POST", CAPSTAN + "/retrain-requests/{retrain}/complete", "status", "result"),
            query("/api/3.0/mlflow/server-info"),
            query("/health"),
            query("/version"));

    private static final List<String> ALL_FIELDS = ROUTES.stream().flatMap(r -> r.fields().stream()).distinct()
            .toList();

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        server = LiveServer.start(dir, SEED);
        experimentIds.add("0");
        for (int i = 0; i < 3; i++) {
            String exp = server.post(API + "/experiments/create", "{\"name\": \"fuzz-seed-" + i + "\"}").json()
                    .get("experiment_id").asText();
            experimentIds.add(exp);
            for (int j = 0; j < 2; j++) {
                String run = server.post(API + "/runs/create", "{\"experiment_id\": \"" + exp + "\", \"start_time\": 1,"
                        + " \"tags\": [{\"key\": \"t\", \"value\": \"v\"}]}").json().at("/run/info/run_id").asText();
                runIds.add(run);
                server.post(API + "/runs/log-batch", "{\"run_id\": \"" + run + "\", \"metrics\": [{\"key\": \"m\","
                        + " \"value\": 1.5, \"timestamp\": 1, \"step\": 0}], \"params\": [{\"key\": \"p\", \"value\": \"x\"}]}");
                String model = server.post(API + "/logged-models", "{\"experiment_id\": \"" + exp + "\", \"source_run_id\": \""
                        + run + "\", \"tags\": [{\"key\": \"t\", \"value\": \"v\"}]}").json().at("/model/info/model_id").asText();
                modelIds.add(model);
            }
        }
        server.put(PROXY + "/artifacts/fuzz/seed.txt", "seed".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 2; i++) {
            String name = "fuzz-model-" + i;
            registeredNames.add(name);
            server.post(API + "/registered-models/create", "{\"name\": \"" + name + "\"}");
            for (String model : modelIds.subList(0, 2)) {
                server.post(API + "/model-versions/create", "{\"name\": \"" + name + "\", \"source\": \"models:/" + model
                        + "\", \"model_id\": \"" + model + "\"}");
            }
            server.post(API + "/registered-models/alias", "{\"name\": \"" + name + "\", \"alias\": \"champion\","
                    + " \"version\": \"1\"}");
        }
        assertThat(server.post(CAPSTAN + "/monitors", "{\"name\": \"fz-monitor\", \"source\": {\"deployment\": "
                + "\"fz-dep\"}, \"reference\": {\"uri\": \"" + LiveServer.REFERENCE + "\"}}").status()).isEqualTo(200);
        assertThat(server.post(CAPSTAN + "/alerts", "{\"name\": \"fz-alert\", \"monitor\": \"fz-monitor\", "
                + "\"condition\": {\"metric\": \"drift_share\", \"op\": \">\", \"value\": 0.5}}").status())
                .isEqualTo(200);
        for (String seeded : registeredNames) {
            assertThat(server.get(API + "/model-versions/get?name=" + seeded + "&version=2").status()).isEqualTo(200);
        }
    }

    @AfterAll
    void stop() throws Exception {
        System.out.printf("RestFuzzTest: %d requests, statuses %s, %d INVALID_STATE%n", requests.get(), statuses,
                invalidStates.get());
        server.close();
    }

    // ------------------------------------------------------------------------------ properties

    @Test
    void randomAndMutatedJsonBodiesNeverCauseServerErrors() {
        List<Route> jsonRoutes = ROUTES.stream().filter(r -> r.kind() == Kind.JSON).toList();
        qt().withFixedSeed(SEED).withExamples(1400).withShrinkCycles(30)
                .forAll(pick(jsonRoutes).flatMap(route -> in -> new Request(route, body(in, route))),
                        pick(CONTENT_TYPES))
                .checkAssert((request, contentType) -> {
                    Reply reply = send(request.route().method(), fillPath(request.route().path()),
                            contentType.isEmpty() ? null : contentType, request.data().getBytes(StandardCharsets.UTF_8));
                    assertWellFormed(reply);
                });
    }

    @Test
    void randomQueryStringsNeverCauseServerErrors() {
        List<Route> queryRoutes = ROUTES.stream().filter(r -> r.kind() == Kind.QUERY).toList();
        qt().withFixedSeed(SEED + 1).withExamples(700).withShrinkCycles(30)
                .forAll(pick(queryRoutes).flatMap(route -> in -> new Request(route, queryString(route, in))))
                .checkAssert(request -> {
                    Reply reply = send("GET", fillPath(request.route().path()) + "?" + request.data(), null, null);
                    assertWellFormed(reply);
                });
    }

    @Test
    void randomFiltersAndOrderByNeverCauseServerErrors() {
        qt().withFixedSeed(SEED + 2).withExamples(700).withShrinkCycles(30)
                .forAll(integers(0, 5), gen(this::filter), gen(this::orderBy))
                .checkAssert((which, filter, orderBy) -> {
                    String f = jsonString(filter);
                    String o = jsonString(orderBy);
                    Reply reply = switch (which) {
                        case 0 -> server.post(API + "/runs/search", "{\"experiment_ids\": " + jsonStrings(experimentIds)
                                + ", \"filter\": " + f + ", \"order_by\": [" + o + "], \"max_results\": 5}");
                        case 1 -> server.post(API + "/experiments/search", "{\"filter\": " + f + ", \"order_by\": [" + o
                                + "], \"view_type\": \"ALL\"}");
                        case 2 -> server.post(API + "/logged-models/search", "{\"experiment_ids\": "
                                + jsonStrings(experimentIds) + ", \"filter\": " + f
                                + ", \"order_by\": [{\"field_name\": " + o + ", \"ascending\": false}]}");
                        case 3 -> send("GET", API + "/runs/search?experiment_ids=0&experiment_ids=" + experimentIds.get(1)
                                + "&filter=" + encode(filter) + "&order_by=" + encode(orderBy), null, null);
                        case 4 -> send("GET", API + "/registered-models/search?filter=" + encode(filter)
                                + "&order_by=" + encode(orderBy), null, null);
                        default -> send("GET", API + "/model-versions/search?filter=" + encode(filter)
                                + "&order_by=" + encode(orderBy), null, null);
                    };
                    requests.incrementAndGet();
                    assertWellFormed(reply);
                });
    }

    @Test
    void randomArtifactPathsNeverCauseServerErrorsOrEscape() {
        qt().withFixedSeed(SEED + 3).withExamples(900).withShrinkCycles(30)
                .forAll(integers(0, 11), gen(this::artifactPath))
                .checkAssert((which, path) -> {
                    String q = encode(path);
                    String run = runIds.getFirst();
                    byte[] data = "fuzz".getBytes(StandardCharsets.UTF_8);
                    Reply reply = switch (which) {
                        case 0 -> send("GET", PROXY + "/artifacts/" + path, null, null);
                        case 1 -> send("PUT", PROXY + "/artifacts/" + path, "application/octet-stream", data);
                        case 2 -> send("DELETE", PROXY + "/artifacts/" + path, null, null);
                        case 3 -> send("GET", PROXY + "/artifacts?path=" + q, null, null);
                        case 4 -> send("POST", PROXY + "/mpu/create/" + path, "application/json",
                                "{\"num_parts\": 1}".getBytes(StandardCharsets.UTF_8));
                        case 5 -> send("POST", PROXY + "/mpu/complete/" + path, "application/json",
                                "{\"upload_id\": \"0123456789abcdef0123456789abcdef\", \"parts\": []}"
                                        .getBytes(StandardCharsets.UTF_8));
                        case 6 -> send("POST", PROXY + "/mpu/abort/" + path, "application/json",
                                "{\"upload_id\": \"0123456789abcdef0123456789abcdef\"}".getBytes(StandardCharsets.UTF_8));
                        case 7 -> send("PUT", PROXY + "/mpu/upload/" + path
                                + "?upload_id=0123456789abcdef0123456789abcdef&part_number=1", "application/octet-stream", data);
                        case 8 -> send("GET", API + "/artifacts/list?run_id=" + run + "&path=" + q, null, null);
                        case 9 -> send("GET", "/get-artifact?run_id=" + run + "&path=" + q, null, null);
                        case 10 -> send("GET", API + "/logged-models/" + modelIds.getFirst()
                                + "/artifacts/directories?artifact_directory_path=" + q, null, null);
                        default -> send("DELETE", API + "/logged-models/" + modelIds.getLast() + "/tags/" + path, null, null);
                    };
                    assertWellFormed(reply);
                });
        // nothing was written outside the artifact root
        assertThat(dir.toFile().list()).allMatch(name -> name.equals("artifacts") || name.startsWith("t.db"));
    }

    // ------------------------------------------------------------------------------ the oracle

    private Reply send(String method, String target, String contentType, byte[] body) {
        requests.incrementAndGet();
        return server.raw(method, target, contentType, body);
    }

    private void assertWellFormed(Reply reply) {
        try {
            checkWellFormed(reply);
        } catch (AssertionError e) {
            // QuickTheories reports the falsifying input; the reason goes to the test's output
            System.out.println("RestFuzzTest falsified: " + e.getMessage());
            throw e;
        }
    }

    private void checkWellFormed(Reply reply) {
        int status = reply.status();
        statuses.merge(status, 1, Integer::sum);
        if (status == 500 && reply.isJson() && reply.request().contains("/experiments/update")
                && "INVALID_STATE".equals(reply.json().path("error_code").asText())) {
            invalidStates.incrementAndGet();  // MLflow's own status for renaming a deleted experiment
            return;
        }
        assertThat(status).as("no 5xx: %s", reply).isLessThan(500);
        if (status >= 400) {
            assertThat(reply.isJson()).as("error body is JSON: %s", reply).isTrue();
            JsonNode body = reply.json();
            assertThat(body.path("error_code").isTextual()).as("error_code: %s", reply).isTrue();
            assertThat(body.path("message").isTextual()).as("message: %s", reply).isTrue();
        } else if (status == 200 && reply.isJson()) {
            assertThat(reply.json().isObject()).as("200 body is a JSON object: %s", reply).isTrue();
        }
    }

    // ------------------------------------------------------------------------------ generators

    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json",
            "application/json", "application/json; charset=utf-8", "text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "");

    private static final List<String> FIELD_NAMES_EXTRA = List.of("", "run_uuid", "experiment_ids", "__proto__",
            "ключ", "a.b", "error_code", "value\u0000", "model_order_by");

    private static final List<String> NUMBERS = List.of("0", "-1", "1", "3", "1700000000000", "-1700000000000",
            "2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
            "123456789012345678901234567890", "1e400", "-1e400", "1.5e308", "4.9e-324", "-0.0", "0.5", "1e3",
            "NaN", "Infinity", "-Infinity", "1.0", "50001", "200001", "10001", "25001");

    private static final List<String> STRINGS = List.of("", " ", "NaN", "nan", "Infinity", "-Infinity", "inf", "True",
            "false", "0", "-1", "1e3", "0x10", "1700000000000", "9223372036854775808", "abc", "ünïcødé ✓", "🚀🔥",
            "\u202eevil", "\u200b", "\u0000", "\u0001\u001f", "\ud800", "\udfff", "x".repeat(300), "y".repeat(6001),
            "z".repeat(9000), "' OR 1=1 --", "%", "_", "\\", "\"", "../..", "/etc/passwd", "${jndi:ldap://x/a}",
            "<script>alert(1)</script>", "mlflow.runName", "mlflow.log-model.history", "mlflow-artifacts:/x",
            "file:///etc", "runs:/abc/model", "models:/m/1", "RUNNING", "FINISHED", "ACTIVE_ONLY", "DELETED_ONLY", "ALL",
            "LOGGED_MODEL_READY", "LOGGED_MODEL_UPLOAD_FAILED", "a/b", "a//b", ".", "name = 'x'",
            "eyJvZmZzZXQiOiAtMX0=", "eyJvZmZzZXQiOiAxZTMwfQ==", "!!!notbase64", "0123456789abcdef0123456789abcdef",
            "m-0123456789abcdef0123456789abcdef");

    private <T> Gen<T> pick(List<T> values) {
        return in -> values.get((int) in.next(Constraint.between(0, values.size() - 1)));
    }

    private static Gen<Integer> integers(int lo, int hi) {
        return in -> (int) in.next(Constraint.between(lo, hi));
    }

    private static <T> Gen<T> gen(Gen<T> gen) {
        return gen;  // lets a method reference stand where a Gen is expected
    }

    private static int between(RandomnessSource in, int lo, int hi) {
        return (int) in.next(Constraint.between(lo, hi));
    }

    private static <T> T oneOf(RandomnessSource in, List<T> values) {
        return values.get(between(in, 0, values.size() - 1));
    }

    private static boolean chance(RandomnessSource in, int percent) {
        return between(in, 0, 99) < percent;
    }

    /** A request body: mostly a mutated valid body, sometimes any JSON or not JSON at all. */
    private String body(RandomnessSource in, Route route) {
        int kind = between(in, 0, 9);
        if (kind == 0) {
            return randomJson(in, 3);
        }
        if (kind == 1) {
            return oneOf(in, List.of("", "{", "}", "nul", "{\"a\":", "[", "\ufeff{}", "{} {}", "{\"a\": 1,}",
                    "{'single': 'quotes'}", "{\"a\": NaN}", "{\"a\": 01}", "{\"\\ud800\": 1}", "\u0000",
                    "{\"a\": \"\\u00\"}", "[".repeat(3000) + "]".repeat(3000),
                    "{\"name\": " + "{\"a\": ".repeat(1200) + "1" + "}".repeat(1200) + "}"));
        }
        return mutatedBody(in, route);
    }

    /** The route's own fields, each kept with a plausible value, dropped or corrupted, plus extras. */
    private String mutatedBody(RandomnessSource in, Route route) {
        Map<String, String> body = new LinkedHashMap<>();
        for (String field : route.fields()) {
            int action = between(in, 0, 9);
            // logged-model search orders by objects, not strings: a separate generator, the same wire name
            String wireName = switch (field) {
                case "model_order_by" -> "order_by";
                case "monitor_source" -> "source";
                default -> field;
            };
            if (action < 8) {
                body.put(wireName, validValue(in, field));
            } else if (action < 9) {
                body.put(wireName, randomJson(in, 2));
            }
        }
        int extras = between(in, 0, 2);
        for (int i = 0; i < extras; i++) {
            String name = chance(in, 50) ? oneOf(in, ALL_FIELDS) : oneOf(in, FIELD_NAMES_EXTRA);
            body.put(name, chance(in, 50) ? validValue(in, name) : randomJson(in, 2));
        }
        StringBuilder json = new StringBuilder("{");
        body.forEach((k, v) -> json.append(json.length() > 1 ? ", " : "").append(jsonString(k)).append(": ").append(v));
        return json.append('}').toString();
    }

    /** A plausible value for a field, as JSON text, so that requests get past the first checks. */
    private String validValue(RandomnessSource in, String field) {
        return switch (field) {
            case "experiment_id" -> jsonString(chance(in, 85) ? oneOf(in, experimentIds) : oneOf(in, STRINGS));
            case "experiment_ids" -> chance(in, 80) ? jsonStrings(experimentIds.subList(0, between(in, 0, 3)))
                    : "[" + randomJson(in, 1) + "]";
            case "run_id", "run_uuid", "source_run_id" -> jsonString(chance(in, 85) ? oneOf(in, runIds) : oneOf(in, STRINGS));
            case "run_ids" -> jsonStrings(runIds.subList(0, between(in, 0, runIds.size())));
            case "model_id" -> jsonString(chance(in, 85) ? oneOf(in, modelIds) : oneOf(in, STRINGS));
            case "name" -> jsonString(chance(in, 40) ? oneOf(in, registeredNames)
                    : chance(in, 50) ? "fz-" + between(in, 0, 40) : oneOf(in, STRINGS));
            case "version" -> chance(in, 20) ? oneOf(in, NUMBERS)
                    : jsonString(chance(in, 70) ? Integer.toString(between(in, 0, 4)) : oneOf(in, STRINGS));
            case "alias" -> jsonString(oneOf(in, List.of("champion", "challenger", "latest", "v1", "V2", "a-b_c",
                    "bad alias", "", "x".repeat(300), "ünï")));
            case "stage" -> jsonString(oneOf(in, List.of("None", "Staging", "Production", "Archived", "staging",
                    "PRODUCTION", "Deleted_Internal", "bogus", "")));
            case "stages" -> "[" + validValue(in, "stage") + (chance(in, 30) ? ", " + validValue(in, "stage") : "") + "]";
            case "archive_existing_versions" -> oneOf(in, List.of("true", "false", "\"True\"", "\"no\"", "1", "null"));
            case "source" -> jsonString(chance(in, 50) ? "models:/" + oneOf(in, modelIds) : oneOf(in, STRINGS));
            case "run_link" -> jsonString(oneOf(in, STRINGS));
            case "new_name", "experiment_name", "run_name", "key", "metric_key", "model_type", "user_id",
                 "dataset_name", "dataset_digest", "description" ->
                    jsonString(chance(in, 60) ? "fz-" + between(in, 0, 40) : oneOf(in, STRINGS));
            case "value" -> chance(in, 50) ? oneOf(in, NUMBERS) : jsonString(oneOf(in, STRINGS));
            case "timestamp", "start_time", "end_time", "step", "start_step", "end_step" ->
                    chance(in, 70) ? oneOf(in, NUMBERS) : jsonString(oneOf(in, NUMBERS));
            case "max_results", "num_parts" -> chance(in, 60) ? Integer.toString(between(in, -2, 12)) : oneOf(in, NUMBERS);
            case "status" -> jsonString(oneOf(in, List.of("RUNNING", "FINISHED", "FAILED", "KILLED", "SCHEDULED", "3",
                    "LOGGED_MODEL_READY", "LOGGED_MODEL_UPLOAD_FAILED", "LOGGED_MODEL_PENDING", "finished", "bogus")));
            case "view_type", "run_view_type" -> jsonString(oneOf(in, List.of("ACTIVE_ONLY", "DELETED_ONLY", "ALL",
                    "2", "all", "NONE")));
            case "filter" -> jsonString(filter(in));
            case "order_by" -> "[" + jsonString(orderBy(in)) + "]";
            case "model_order_by" -> "[{\"field_name\": " + jsonString(orderBy(in)) + ", \"ascending\": "
                    + oneOf(in, List.of("true", "false", "\"True\"", "1", "null")) + "}]";
            case "page_token" -> jsonString(oneOf(in, STRINGS));
            case "tags", "params" -> keyValues(in);
            case "metrics" -> "[{\"key\": " + validValue(in, "key") + ", \"value\": " + validValue(in, "value")
                    + ", \"timestamp\": " + validValue(in, "timestamp") + ", \"step\": " + validValue(in, "step") + "}]";
            case "datasets" -> "[{\"tags\": " + keyValues(in) + ", \"dataset\": {\"name\": " + validValue(in, "name")
                    + ", \"digest\": " + jsonString(oneOf(in, List.of("d1", "x".repeat(40), ""))) + ", \"source_type\":"
                    + " \"local\", \"source\": " + jsonString(oneOf(in, STRINGS)) + "}}]";
            case "models" -> "[{\"model_id\": " + validValue(in, "model_id") + ", \"step\": " + validValue(in, "step") + "}]";
            case "model_json" -> jsonString(chance(in, 50) ? "{\"artifact_path\": \"m\", \"flavors\": {},"
                    + " \"utc_time_created\": \"t\", \"run_id\": \"" + oneOf(in, runIds) + "\"}" : randomJson(in, 2));
            case "artifact_location" -> jsonString(oneOf(in, List.of("mlflow-artifacts:/elsewhere", "/tmp/x", "file:///tmp/y",
                    "runs:/a/b", "s3://bucket/p", "", "mlflow-artifacts:/../..", "http://h/p?q=1#f")));
            case "path", "artifact_directory_path" -> jsonString(artifactPath(in));
            case "upload_id" -> jsonString(oneOf(in, List.of("0123456789abcdef0123456789abcdef", "../x", "", "ABC")));
            case "parts" -> "[{\"part_number\": " + validValue(in, "max_results") + ", \"etag\": \"e\"}]";
            case "allow_deleted" -> oneOf(in, List.of("true", "false", "\"True\"", "\"no\"", "1"));
            case "monitor_source" -> oneOf(in, List.of("{\"deployment\": \"fz-dep\"}", "{\"path\": \"/tmp/x/*.csv\", "
                    + "\"timestamp_column\": \"ts\"}", "{\"path\": \"relative.csv\", \"timestamp_column\": \"\"}",
                    "{\"deployment\": \"a\", \"path\": \"b\"}", "{}", randomJson(in, 1)));
            case "reference" -> chance(in, 70) ? "{\"uri\": \"" + LiveServer.REFERENCE + "\"}"
                    : "{\"uri\": " + jsonString(oneOf(in, STRINGS)) + "}";
            case "feature_names", "columns" -> oneOf(in, List.of("[\"a\", \"b\"]", "[]", "[\"a\", \"a\"]", "[1]",
                    "\"a\""));
            case "window_seconds", "delay_seconds", "min_rows", "for_windows", "resolve_windows" ->
                    chance(in, 60) ? oneOf(in, List.of("60", "3600", "10", "5", "0", "-1", "86400", "2592001"))
                            : oneOf(in, NUMBERS);
            case "drift" -> "{\"stattest\": " + jsonString(oneOf(in, List.of("ks", "psi", "wasserstein", "bogus", "")))
                    + ", \"drift_share\": " + oneOf(in, NUMBERS) + ", \"per_column_threshold\": {\"a\": "
                    + oneOf(in, NUMBERS) + "}}";
            case "quality" -> "{\"task\": " + jsonString(oneOf(in, List.of("classification", "regression", "ranking")))
                    + ", \"prediction\": " + jsonString(oneOf(in, List.of("label", "", "p"))) + ", \"score\": "
                    + oneOf(in, List.of("null", "\"probabilities\"", "1")) + ", \"positive_label\": "
                    + oneOf(in, List.of("null", "1", "\"yes\"", "true", "[1]")) + ", \"target\": "
                    + oneOf(in, List.of("null", "\"y\"")) + "}";
            case "start", "window_start", "from", "to" -> jsonString(oneOf(in, TIMES));
            case "deployment" -> jsonString(oneOf(in, List.of("fz-dep", "", "x".repeat(300))));
            case "labels" -> "[{\"request_id\": " + jsonString(oneOf(in, List.of("r1", "", "x".repeat(300))))
                    + ", \"label\": " + oneOf(in, List.of("1", "[1, 2]", "\"cat\"", "{}", "null", "1e999", "true",
                    "[]")) + "}]";
            case "monitor" -> jsonString(oneOf(in, MONITORS));
            case "condition" -> "{\"metric\": " + jsonString(oneOf(in, List.of("drift_share", "accuracy", "rows",
                    "column_drift_score:a", "column_drift_score:", "bogus"))) + ", \"op\": "
                    + jsonString(oneOf(in, List.of(">", ">=", "==", "~", ""))) + ", \"value\": " + oneOf(in, NUMBERS) + "}";
            case "actions" -> "[" + oneOf(in, List.of("{\"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/h\", "
                    + "\"secret\": \"s\"}", "{\"type\": \"webhook\", \"url\": \"file:///etc/passwd\"}",
                    "{\"type\": \"webhook\", \"url\": \"::not a url\"}", "{\"type\": \"retrain\"}",
                    "{\"type\": \"retrain\", \"command\": \"rm -rf\"}", "{\"type\": \"page\"}", "{}")) + "]";
            case "worker", "result" -> jsonString(oneOf(in, STRINGS));
            default -> randomJson(in, 1);
        };
    }

    private String keyValues(RandomnessSource in) {
        int n = chance(in, 10) ? 150 : between(in, 0, 3);
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ", ");
            if (chance(in, 10)) {
                json.append(randomJson(in, 1));
            } else {
                json.append("{\"key\": ").append(chance(in, 70) ? jsonString("k" + between(in, 0, 20))
                        : jsonString(oneOf(in, STRINGS))).append(", \"value\": ")
                        .append(chance(in, 80) ? jsonString(oneOf(in, STRINGS)) : randomJson(in, 1)).append('}');
            }
        }
        return json.append(']').toString();
    }

    /** Any JSON value as text, nested up to {@code depth}. */
    private String randomJson(RandomnessSource in, int depth) {
        int kind = between(in, 0, depth > 0 ? 9 : 6);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> chance(in, 50) ? "true" : "false";
            case 2, 3 -> oneOf(in, NUMBERS);
            case 4 -> Double.toString(Double.longBitsToDouble(in.next(Constraint.none())))
                    .replace("NaN", "0").replace("Infinity", "1e999");
            case 5, 6 -> jsonString(chance(in, 70) ? oneOf(in, STRINGS) : randomUnicode(in));
            case 7 -> {
                int n = between(in, 0, 3);
                StringBuilder json = new StringBuilder("[");
                for (int i = 0; i < n; i++) {
                    json.append(i == 0 ? "" : ", ").append(randomJson(in, depth - 1));
                }
                yield json.append(']').toString();
            }
            default -> {
                int n = between(in, 0, 3);
                StringBuilder json = new StringBuilder("{");
                for (int i = 0; i < n; i++) {
                    String key = chance(in, 60) ? oneOf(in, ALL_FIELDS) : oneOf(in, FIELD_NAMES_EXTRA);
                    json.append(i == 0 ? "" : ", ").append(jsonString(key)).append(": ").append(randomJson(in, depth - 1));
                }
                yield json.append('}').toString();
            }
        };
    }

    private static String randomUnicode(RandomnessSource in) {
        int n = between(in, 0, 12);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int range = between(in, 0, 4);
            int cp = switch (range) {
                case 0 -> between(in, 0x20, 0x7e);
                case 1 -> between(in, 0, 0x1f);
                case 2 -> between(in, 0x80, 0x7ff);
                case 3 -> between(in, 0x800, 0xffff);
                default -> between(in, 0x10000, 0x10ffff);
            };
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    private static final List<String> IDENTIFIERS = List.of("metrics.m", "metric.m", "metrics.`a b`", "params.p",
            "param.\"q r\"", "parameters.p", "tags.t", "tag.`mlflow.runName`", "tags.\"mlflow.parentRunId\"",
            "attributes.start_time", "attribute.status", "attr.run_id", "run.run_name", "attributes.`Run Name`",
            "attributes.end_time", "attributes.created", "attributes.artifact_uri", "attributes.user_id",
            "datasets.name", "dataset.digest", "datasets.context", "name", "creation_time", "last_update_time",
            "experiment_id", "model_id", "model_type", "source_run_id", "status", "creation_timestamp",
            "last_updated_timestamp", "version_number", "run_id", "source_path", "timestamp",
            "tags.`mlflow.prompt.is_prompt`", "foo.bar", "metrics.", "tags.", "`", "`unterminated", "\"x", "metrics",
            "attributes.nope", "params.`", "1", "metrics.m.m");
    private static final List<String> COMPARATORS = List.of("=", "!=", "<", "<=", ">", ">=", "LIKE", "ILIKE", "like",
            "IN", "NOT IN", "not in", "==", "<>", "IS", "IS NOT", "~", "", "=!");
    private static final List<String> VALUES = List.of("'x'", "\"x\"", "1", "-1.5e10", "1e999", "NaN", "('a', 'b')",
            "('a', 1)", "()", "('unterminated", "'unterminated", "'%'", "'_x%'", "''", "'\\''", "'it''s'",
            "99999999999999999999999", "null", "'RUNNING'", "'FINISHED'", "x", "'0123456789abcdef0123456789abcdef'",
            "'ünï'", "0x1F", "-", "'a' 'b'");
    private static final List<String> CONNECTORS = List.of(" AND ", " and ", " OR ", " && ", " ", ", ", " AND AND ");

    /** A search filter: grammar pieces put together, sometimes wrongly. */
    private String filter(RandomnessSource in) {
        int kind = between(in, 0, 9);
        if (kind == 0) {
            return "";
        }
        if (kind == 1) {
            return randomUnicode(in);
        }
        int clauses = between(in, 1, 4);
        StringBuilder f = new StringBuilder();
        for (int i = 0; i < clauses; i++) {
            if (i > 0) {
                f.append(oneOf(in, CONNECTORS));
            }
            if (chance(in, 5)) {
                f.append('(');
            }
            f.append(oneOf(in, IDENTIFIERS)).append(' ').append(oneOf(in, COMPARATORS)).append(' ')
                    .append(oneOf(in, VALUES));
            if (chance(in, 5)) {
                f.append(')');
            }
        }
        return f.toString();
    }

    private String orderBy(RandomnessSource in) {
        if (chance(in, 10)) {
            return oneOf(in, STRINGS);
        }
        return oneOf(in, IDENTIFIERS) + oneOf(in, List.of("", " ASC", " DESC", " desc", " ASCENDING", " ASC DESC",
                ", name", " ASC, metrics.m"));
    }

    private static final List<String> SEGMENTS = List.of("a", "b", "fuzz", "seed.txt", "dir", "file.txt", "b%20c",
            "..", ".", "%2e%2e", "%2E%2e", "%2e", "%2F", "%2f", "%5C", "%5c", "%00", "%0a", "%0d", "%7f", "~", "%C3%BC",
            "%F0%9F%9A%80", "%FF", "%C3", "x".repeat(255), "", "%25", "%252e%252e", ";x", "a;b", "C:", "%3A", ".capstan-tmp",
            ".capstan-mpu", "%20", "-", "_", "%E2%80%AE", "...", ".hidden", "%22", "%27", "%3C", "%3E", "%7C", "%2A");

    /**
     * A request-target path: well-formed pieces mixed with every traversal trick. Segments stay
     * within 255 bytes: longer ones hit a known 500 in LocalArtifactStore (see
     * ArtifactRoutesTest#anOverlongPathSegmentIsAClientError).
     */
    private String artifactPath(RandomnessSource in) {
        int segments = between(in, 1, 5);
        StringBuilder path = new StringBuilder(chance(in, 10) ? "/" : "");
        for (int i = 0; i < segments; i++) {
            if (i > 0) {
                path.append('/');
            }
            path.append(oneOf(in, SEGMENTS));
        }
        if (chance(in, 10)) {
            path.append('/');
        }
        return path.toString();
    }

    // ------------------------------------------------------------------------------ request building

    private String fillPath(String template) {
        return template.replace("{model_id}", modelIds.get(modelIds.size() / 2)).replace("{tag_key}", "t")
                .replace("{monitor}", "fz-monitor").replace("{window_start}", "2025-01-01T00:00:00Z")
                .replace("{alert}", "fz-alert").replace("{retrain}", "nope");
    }

    /** A query string for the route's fields from the randomness source: valid, corrupted and junk. */
    private String queryString(Route route, RandomnessSource in) {
        List<String> pairs = new ArrayList<>();
        for (String field : route.fields()) {
            int action = between(in, 0, 9);
            if (action < 8) {
                for (String v : queryValues(in, field)) {
                    pairs.add(encode(field) + "=" + encode(v));
                }
            } else if (action < 9) {
                pairs.add(encode(field) + "=" + encode(chance(in, 50) ? oneOf(in, STRINGS) : randomUnicode(in)));
                if (chance(in, 30)) {
                    pairs.add(encode(field) + "=" + encode(oneOf(in, STRINGS)));  // a repeated scalar
                }
            }
        }
        if (chance(in, 30)) {
            pairs.add(oneOf(in, List.of("%zz=1", "a=%", "a=%F", "%FF=%FE", "=", "&", "a", "a==b", "x=%00",
                    "run_id=%E2%80%AE", "max_results=1e3", "filter=%27", "order_by=", "+=+", "%2B=%2B")));
        }
        return String.join("&", pairs);
    }

    private List<String> queryValues(RandomnessSource in, String field) {
        return switch (field) {
            case "experiment_ids" -> experimentIds.subList(0, between(in, 1, experimentIds.size()));
            case "run_ids" -> runIds.subList(0, between(in, 1, runIds.size()));
            case "run_id" -> chance(in, 20) ? runIds.subList(0, 2) : List.of(oneOf(in, runIds));
            case "order_by" -> List.of(orderBy(in), orderBy(in));
            default -> {
                String json = validValue(in, field);
                // a JSON string value goes into the query unquoted
                JsonNode node;
                try {
                    node = LiveServer.STRICT.readTree(json);
                } catch (Exception e) {
                    yield List.of(json);
                }
                if (node.isArray()) {
                    yield LiveServer.texts(node);  // repeated keys
                }
                yield List.of(node.isTextual() ? node.asText() : json);
            }
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String jsonString(String value) {
        try {
            return LiveServer.STRICT.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jsonStrings(List<String> values) {
        return "[" + String.join(", ", values.stream().map(RestFuzzTest::jsonString).toList()) + "]";
    }
}
