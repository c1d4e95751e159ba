package io.capstan.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.server.LiveServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire rules MLflow's clients depend on, over real HTTP against real SQLite stores: 200 with a
 * JSON object ({@code {}} when empty), the error shape and statuses, int64 as strings, NaN as
 * strings, GET parameters from the query string, DELETE bodies and the ajax-api prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackingRoutesTest {
    private static final String API = "/api/2.0/mlflow";

    private Path dir;
    private LiveServer server;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        server = LiveServer.start(dir, 7);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private String createExperiment(String name) {
        Reply reply = server.post(API + "/experiments/create", "{\"name\": \"" + name + "\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().get("experiment_id").asText();
    }

    private String createRun(String experimentId) {
        Reply reply = server.post(API + "/runs/create",
                "{\"experiment_id\": \"" + experimentId + "\", \"start_time\": 1700000000000}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().at("/run/info/run_id").asText();
    }

    private static void assertError(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.isJson()).as(reply.toString()).isTrue();
        JsonNode body = reply.json();
        assertThat(body.path("error_code").asText()).as(reply.toString()).isEqualTo(code);
        assertThat(body.path("message").isTextual()).as(reply.toString()).isTrue();
        assertThat(body.path("message").asText()).isNotEmpty();
    }

    @Test
    void successIsAJsonObjectAndEmptyResponsesAreEmptyObjects() {
        String id = createExperiment("success-shape");
        Reply tag = server.post(API + "/experiments/set-experiment-tag",
                "{\"experiment_id\": \"" + id + "\", \"key\": \"k\", \"value\": \"v\"}");
        assertThat(tag.status()).isEqualTo(200);
        assertThat(tag.header("content-type")).startsWith("application/json");
        assertThat(tag.text()).isEqualTo("{}");

        Reply get = server.get(API + "/experiments/get?experiment_id=" + id);
        assertThat(get.status()).isEqualTo(200);
        JsonNode experiment = get.json().get("experiment");
        assertThat(experiment.get("experiment_id").asText()).isEqualTo(id);
        assertThat(experiment.get("name").asText()).isEqualTo("success-shape");
        assertThat(experiment.get("artifact_location").asText()).isEqualTo("mlflow-artifacts:/" + id);
        assertThat(experiment.get("lifecycle_stage").asText()).isEqualTo("active");
        assertThat(experiment.get("creation_time").isIntegralNumber()).isTrue();
        assertThat(experiment.get("tags").get(0).get("key").asText()).isEqualTo("k");

        // an empty search page is {} too: empty lists are omitted, as protobuf's JSON does
        Reply search = server.post(API + "/experiments/search", "{\"filter\": \"name = 'no-such-name'\"}");
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.text()).isEqualTo("{}");
    }

    @Test
    void unknownIdsAre404ResourceDoesNotExist() {
        assertError(server.get(API + "/experiments/get?experiment_id=987654"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(server.get(API + "/experiments/get-by-name?experiment_name=nope"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(server.get(API + "/runs/get?run_id=0123456789abcdef0123456789abcdef"), 404,
                "RESOURCE_DOES_NOT_EXIST");
        assertError(server.post(API + "/runs/log-metric", "{\"run_id\": \"0123456789abcdef0123456789abcdef\","
                + " \"key\": \"m\", \"value\": 1, \"timestamp\": 1}"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(server.get(API + "/logged-models/m-0123456789abcdef0123456789abcdef"), 404,
                "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void duplicatesAre400ResourceAlreadyExists() {
        createExperiment("dup");
        assertError(server.post(API + "/experiments/create", "{\"name\": \"dup\"}"), 400, "RESOURCE_ALREADY_EXISTS");
        // a deleted experiment keeps its name
        String deleted = createExperiment("dup-deleted");
        assertThat(server.post(API + "/experiments/delete", "{\"experiment_id\": \"" + deleted + "\"}").status())
                .isEqualTo(200);
        assertError(server.post(API + "/experiments/create", "{\"name\": \"dup-deleted\"}"), 400,
                "RESOURCE_ALREADY_EXISTS");
    }

    @Test
    void badInputIs400InvalidParameterValue() {
        Reply missing = server.get(API + "/experiments/get?other=1");
        assertError(missing, 400, "INVALID_PARAMETER_VALUE");
        assertThat(missing.json().get("message").asText()).contains("experiment_id");
        assertError(server.post(API + "/experiments/create", "{}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(server.post(API + "/experiments/create", "{\"name\": {\"nested\": 1}}"), 400,
                "INVALID_PARAMETER_VALUE");
        assertError(server.post(API + "/experiments/create", "{\"name\": "), 400, "INVALID_PARAMETER_VALUE");
        assertError(server.post(API + "/experiments/create", "[1, 2]"), 400, "INVALID_PARAMETER_VALUE");
        assertError(server.post(API + "/experiments/create", "\"just a string\""), 400, "INVALID_PARAMETER_VALUE");
        assertError(server.send("POST", API + "/experiments/create", "text/plain",
                "{\"name\": \"x\"}".getBytes(StandardCharsets.UTF_8)), 400, "INVALID_PARAMETER_VALUE");

        String run = createRun("0");
        String prefix = "{\"run_id\": \"" + run + "\", \"key\": \"m\", ";
        assertError(server.post(API + "/runs/log-metric", prefix + "\"value\": \"abc\", \"timestamp\": 1}"), 400,
                "INVALID_PARAMETER_VALUE");
        assertError(server.post(API + "/runs/log-metric", prefix + "\"value\": 1, \"timestamp\": \"soon\"}"), 400,
                "INVALID_PARAMETER_VALUE");
        assertError(server.post(API + "/runs/log-metric", prefix + "\"value\": 1, \"timestamp\": 1e400}"), 400,
                "INVALID_PARAMETER_VALUE");
        assertError(server.post(API + "/runs/log-metric",
                prefix + "\"value\": 1, \"timestamp\": 123456789012345678901234567890}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(server.post(API + "/runs/log-metric", prefix + "\"value\": [1], \"timestamp\": 1}"), 400,
                "INVALID_PARAMETER_VALUE");
        assertError(server.post(API + "/runs/search", "{\"experiment_ids\": [\"0\"], \"filter\": \"metrics.m >\"}"),
                400, "INVALID_PARAMETER_VALUE");
        assertError(server.post(API + "/runs/search", "{\"experiment_ids\": [\"0\"], \"max_results\": 50001}"),
                400, "INVALID_PARAMETER_VALUE");
        assertError(server.post(API + "/runs/update", "{\"run_id\": \"" + run + "\", \"status\": \"DANCING\"}"), 400,
                "INVALID_PARAMETER_VALUE");
        assertError(server.get(API + "/experiments/search?view_type=SIDEWAYS"), 400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    void deeplyNestedJsonIsAClientError() {
        String deep = "{\"name\": " + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertError(server.post(API + "/experiments/create", deep), 400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    void malformedQueryStringsAreClientErrors() {
        // HttpClient refuses to send a bad escape, so these go out on a raw socket
        assertError(server.raw("GET", API + "/experiments/get?experiment_id=%zz", null), 400, "INVALID_PARAMETER_VALUE");
        assertError(server.raw("GET", API + "/experiments/get?experiment_id=%FF%FE", null), 400,
                "INVALID_PARAMETER_VALUE");
        assertError(server.raw("GET", API + "/runs/search?%zz=1", null), 400, "INVALID_PARAMETER_VALUE");
        assertError(server.raw("GET", API + "/metrics/get-history?run_id=%", null), 400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    void legacyLogModelWithBadJsonIsAClientError() {
        String run = createRun("0");
        assertError(server.post(API + "/runs/log-model", "{\"run_id\": \"" + run + "\", \"model_json\": \"{not json\"}"),
                400, "INVALID_PARAMETER_VALUE");
        assertError(server.post(API + "/runs/log-model", "{\"run_id\": \"" + run + "\", \"model_json\": \"[1]\"}"),
                400, "INVALID_PARAMETER_VALUE");
        // the history tag is client-writable; a value that is not a JSON list must not break the route
        assertThat(server.post(API + "/runs/set-tag", "{\"run_id\": \"" + run
                + "\", \"key\": \"mlflow.log-model.history\", \"value\": \"oops\"}").status()).isEqualTo(200);
        String model = "{\\\"artifact_path\\\": \\\"m\\\", \\\"flavors\\\": {}, \\\"utc_time_created\\\": \\\"t\\\","
                + " \\\"run_id\\\": \\\"" + run + "\\\"}";
        assertError(server.post(API + "/runs/log-model", "{\"run_id\": \"" + run + "\", \"model_json\": \"" + model
                + "\"}"), 400, "INVALID_PARAMETER_VALUE");
        assertThat(server.post(API + "/runs/set-tag", "{\"run_id\": \"" + run
                + "\", \"key\": \"mlflow.log-model.history\", \"value\": \"[]\"}").status()).isEqualTo(200);
        Reply ok = server.post(API + "/runs/log-model", "{\"run_id\": \"" + run + "\", \"model_json\": \"" + model + "\"}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.text()).isEqualTo("{}");
    }

    @Test
    void unknownApiPathsAre404EndpointNotFoundAndWrongMethods405() {
        assertError(server.get(API + "/no/such/endpoint"), 404, "ENDPOINT_NOT_FOUND");
        assertError(server.post("/api/3.0/mlflow/traces/search", "{}"), 404, "ENDPOINT_NOT_FOUND");
        assertError(server.post("/ajax-api/2.0/mlflow/nothing-here", "{}"), 404, "ENDPOINT_NOT_FOUND");
        Reply wrongMethod = server.send("PUT", API + "/experiments/create", "application/json", "{}".getBytes());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("error_code").asText()).isEqualTo("ENDPOINT_NOT_FOUND");
    }

    @Test
    void int64FieldsAcceptDecimalStrings() {
        Reply created = server.post(API + "/runs/create",
                "{\"experiment_id\": \"0\", \"start_time\": \"1700000000123\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode info = created.json().at("/run/info");
        assertThat(info.get("start_time").isIntegralNumber()).isTrue();
        assertThat(info.get("start_time").asLong()).isEqualTo(1700000000123L);
        String run = info.get("run_id").asText();
        assertThat(info.get("run_uuid").asText()).isEqualTo(run);

        Reply metric = server.post(API + "/runs/log-metric", "{\"run_id\": \"" + run
                + "\", \"key\": \"loss\", \"value\": \"0.25\", \"timestamp\": \"1700000000500\", \"step\": \"3\"}");
        assertThat(metric.status()).as(metric.toString()).isEqualTo(200);
        Reply update = server.post(API + "/runs/update", "{\"run_uuid\": \"" + run
                + "\", \"status\": \"FINISHED\", \"end_time\": \"1700000000999\"}");
        assertThat(update.status()).as(update.toString()).isEqualTo(200);
        assertThat(update.json().at("/run_info/end_time").asLong()).isEqualTo(1700000000999L);
        assertThat(update.json().at("/run_info/status").asText()).isEqualTo("FINISHED");

        JsonNode point = server.get(API + "/metrics/get-history?run_id=" + run + "&metric_key=loss").json()
                .get("metrics").get(0);
        assertThat(point.get("timestamp").isIntegralNumber()).isTrue();
        assertThat(point.get("timestamp").asLong()).isEqualTo(1700000000500L);
        assertThat(point.get("step").asLong()).isEqualTo(3);
        assertThat(point.get("value").asDouble()).isEqualTo(0.25);
    }

    @Test
    void nanIsEmittedAsAJsonStringAndInfinityAsMlflowStoresIt() {
        String run = createRun("0");
        for (String[] metric : List.of(new String[] {"a", "\"NaN\""}, new String[] {"b", "\"Infinity\""},
                new String[] {"c", "\"-Infinity\""})) {
            Reply reply = server.post(API + "/runs/log-metric", "{\"run_id\": \"" + run + "\", \"key\": \"" + metric[0]
                    + "\", \"value\": " + metric[1] + ", \"timestamp\": 5}");
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        }
        Reply get = server.get(API + "/runs/get?run_id=" + run);
        // json() parses strictly, so bare NaN tokens would already fail here
        JsonNode metrics = get.json().at("/run/data/metrics");
        assertThat(metrics).hasSize(3);
        Map<String, JsonNode> byKey = new HashMap<>();
        metrics.forEach(m -> byKey.put(m.get("key").asText(), m.get("value")));
        assertThat(byKey.get("a").asText()).isEqualTo("NaN");
        // MLflow's SQL store keeps ±infinity as ±max double, and that is what it answers
        assertThat(byKey.get("b").isNumber()).isTrue();
        assertThat(byKey.get("b").asDouble()).isEqualTo(Double.MAX_VALUE);
        assertThat(byKey.get("c").asDouble()).isEqualTo(-Double.MAX_VALUE);
        JsonNode history = server.get(API + "/metrics/get-history?run_id=" + run + "&metric_key=a").json();
        assertThat(history.at("/metrics/0/value").asText()).isEqualTo("NaN");
    }

    @Test
    void getParametersComeFromTheQueryStringWithRepeatedKeys() {
        String exp = createExperiment("repeated-keys");
        String run1 = createRun(exp);
        String run2 = createRun(exp);
        for (String run : List.of(run1, run2)) {
            assertThat(server.post(API + "/runs/log-metric", "{\"run_id\": \"" + run
                    + "\", \"key\": \"m\", \"value\": 1, \"timestamp\": 1, \"step\": 1}").status()).isEqualTo(200);
        }
        Reply bulk = server.get(API + "/metrics/get-history-bulk-interval?run_ids=" + run1 + "&run_ids=" + run2
                + "&metric_key=m&max_results=10");
        assertThat(bulk.status()).as(bulk.toString()).isEqualTo(200);
        assertThat(bulk.json().get("metrics").findValuesAsText("run_id")).containsExactlyInAnyOrder(run1, run2);

        Reply legacyBulk = server.get("/ajax-api/2.0/mlflow/metrics/get-history-bulk?run_id=" + run1 + "&run_id=" + run2
                + "&metric_key=m");
        assertThat(legacyBulk.status()).as(legacyBulk.toString()).isEqualTo(200);
        assertThat(legacyBulk.json().get("metrics")).hasSize(2);

        Reply search = server.get(API + "/runs/search?experiment_ids=" + exp + "&experiment_ids=0&max_results=100"
                + "&order_by=attributes.start_time%20DESC&order_by=attributes.run_id%20ASC");
        assertThat(search.status()).as(search.toString()).isEqualTo(200);
        assertThat(search.json().get("runs").findValuesAsText("run_id")).contains(run1, run2);

        // booleans as the Python client sends them
        Reply model = server.post(API + "/logged-models", "{\"experiment_id\": \"" + exp + "\"}");
        String modelId = model.json().at("/model/info/model_id").asText();
        assertThat(server.get(API + "/logged-models/" + modelId + "?allow_deleted=True").status()).isEqualTo(200);
        assertThat(server.get(API + "/logged-models/" + modelId + "?allow_deleted=false").status()).isEqualTo(200);
        assertError(server.get(API + "/logged-models/" + modelId + "?allow_deleted=perhaps"), 400,
                "INVALID_PARAMETER_VALUE");
    }

    @Test
    void deleteRequestsCarryJsonBodies() {
        Reply echo = server.delete(LiveServer.ECHO_DELETE, "{\"name\": \"from-the-body\"}");
        assertThat(echo.status()).as(echo.toString()).isEqualTo(200);
        assertThat(echo.json().get("name").asText()).isEqualTo("from-the-body");

        String exp = createExperiment("delete-bodies");
        String modelId = server.post(API + "/logged-models", "{\"experiment_id\": \"" + exp
                + "\", \"tags\": [{\"key\": \"t\", \"value\": \"v\"}]}").json().at("/model/info/model_id").asText();
        Reply tag = server.delete(API + "/logged-models/" + modelId + "/tags/t", "{}");
        assertThat(tag.status()).as(tag.toString()).isEqualTo(200);
        assertThat(tag.text()).isEqualTo("{}");
        Reply delete = server.delete(API + "/logged-models/" + modelId, "{\"model_id\": \"" + modelId + "\"}");
        assertThat(delete.status()).as(delete.toString()).isEqualTo(200);
        assertThat(delete.text()).isEqualTo("{}");
        assertError(server.get(API + "/logged-models/" + modelId), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void theAjaxApiPrefixServesTheSameRoutes() {
        Reply created = server.post("/ajax-api/2.0/mlflow/experiments/create", "{\"name\": \"via-ajax\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String id = created.json().get("experiment_id").asText();
        assertThat(server.get(API + "/experiments/get?experiment_id=" + id).json().at("/experiment/name").asText())
                .isEqualTo("via-ajax");
        assertThat(server.get("/ajax-api/2.0/mlflow/experiments/get-by-name?experiment_name=via-ajax").json()
                .at("/experiment/experiment_id").asText()).isEqualTo(id);
        assertError(server.get("/ajax-api/2.0/mlflow/experiments/get?experiment_id=424242"), 404,
                "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void healthAndVersionArePlainText() {
        Reply health = server.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text()).isEqualTo("OK");
        Reply version = server.get("/version");
        assertThat(version.status()).isEqualTo(200);
        assertThat(version.text()).matches("\\d+\\.\\d+\\.\\d+.*");
    }
}
