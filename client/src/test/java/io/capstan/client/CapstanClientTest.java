package io.capstan.client;

import io.capstan.testkit.FakeMlflowServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.core.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class CapstanClientTest {
    private static final String BASELINE = "342d207aabf54892801bd45907290716";
    private final FakeMlflowServer server = FakeMlflowServer.start();
    private final CapstanClient client = new CapstanClient(URI.create(server.uri()));

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void searchExperimentsPostsTheQueryAndReturnsThePage() {
        server.replay("experiments-search-page1");

        Page<JsonNode> page = client.searchExperiments(
                new SearchQuery("name != 'x'", List.of("name ASC"), 2, "tok"), ViewType.ALL);

        assertThat(page.items()).extracting(e -> e.get("name").asText()).containsExactly("Default", "churn");
        assertThat(page.nextPageToken()).isEqualTo("eyJvZmZzZXQiOiAyfQ==");
        FakeMlflowServer.Request sent = server.requests().getFirst();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.route()).isEqualTo("/experiments/search");
        assertThat(sent.body().get("filter").asText()).isEqualTo("name != 'x'");
        assertThat(texts(sent.body().get("order_by"))).containsExactly("name ASC");
        assertThat(sent.body().get("max_results").asInt()).isEqualTo(2);
        assertThat(sent.body().get("page_token").asText()).isEqualTo("tok");
        assertThat(sent.body().get("view_type").asText()).isEqualTo("ALL");
    }

    @Test
    void searchesAlwaysSendAPageSizeBecauseMlflowRequiresOne() {
        server.replay("experiments-search").replay("runs-search").replay("registered-models-search")
                .replay("model-versions-search");

        client.searchExperiments(SearchQuery.all(), ViewType.ACTIVE_ONLY);
        client.searchRuns(List.of("1"), SearchQuery.all(), ViewType.ACTIVE_ONLY);
        client.searchRegisteredModels(SearchQuery.all());
        client.searchModelVersions(SearchQuery.all());

        List<FakeMlflowServer.Request> sent = server.requests();
        assertThat(sent.get(0).body().get("max_results").asInt()).isEqualTo(CapstanClient.DEFAULT_EXPERIMENTS_PAGE_SIZE);
        assertThat(sent.get(0).body().has("filter")).isFalse();
        assertThat(sent.get(1).body().get("max_results").asInt()).isEqualTo(CapstanClient.DEFAULT_RUNS_PAGE_SIZE);
        assertThat(sent.get(2).param("max_results")).isEqualTo("100");
        assertThat(sent.get(2).query()).containsOnlyKeys("max_results");
        assertThat(sent.get(3).param("max_results")).isEqualTo("10000");
    }

    @Test
    void aLastPageHasNoToken() {
        server.replay("experiments-search");

        Page<JsonNode> page = client.searchExperiments(SearchQuery.all(), ViewType.ACTIVE_ONLY);

        assertThat(page.items()).hasSize(3);
        assertThat(page.nextPageToken()).isNull();
    }

    @Test
    void anAnswerWithoutItemsIsAnEmptyPage() {
        server.answer("POST", "/runs/search", 200, "application/json", "{}");

        assertThat(client.searchRuns(List.of("1"), SearchQuery.all(), ViewType.ALL).items()).isEmpty();
    }

    @Test
    void getsExperimentsByIdAndByName() {
        server.replay("experiments-get").replay("experiments-get-by-name");

        assertThat(client.getExperiment("1").get("name").asText()).isEqualTo("churn");
        assertThat(client.getExperimentByName("churn").get("experiment_id").asText()).isEqualTo("1");
        assertThat(server.requests("/experiments/get").getFirst().param("experiment_id")).isEqualTo("1");
        assertThat(server.requests("/experiments/get-by-name").getFirst().param("experiment_name")).isEqualTo("churn");
    }

    @Test
    void searchRunsAndGetOne() {
        server.replay("runs-search").replay("runs-get");

        Page<JsonNode> runs = client.searchRuns(List.of("1", "2"), SearchQuery.all().withFilter("status = 'FINISHED'"),
                ViewType.DELETED_ONLY);
        JsonNode run = client.getRun(BASELINE);

        assertThat(runs.items()).extracting(r -> r.path("info").path("run_name").asText()).containsExactly("baseline", "tuned");
        JsonNode sent = server.requests("/runs/search").getFirst().body();
        assertThat(texts(sent.get("experiment_ids"))).containsExactly("1", "2");
        assertThat(sent.get("run_view_type").asText()).isEqualTo("DELETED_ONLY");
        assertThat(run.path("data").path("params")).hasSize(2);
        assertThat(server.requests("/runs/get").getFirst().param("run_id")).isEqualTo(BASELINE);
    }

    @Test
    void metricHistoryFollowsPages() {
        server.answer("GET", "/metrics/get-history", 200, "application/json",
                        "{\"metrics\":[{\"key\":\"loss\",\"value\":1.0,\"step\":0}],\"next_page_token\":\"p2\"}")
                .answer("GET", "/metrics/get-history", 200, "application/json",
                        "{\"metrics\":[{\"key\":\"loss\",\"value\":\"NaN\",\"step\":1}]}");

        List<JsonNode> history = client.metricHistory(BASELINE, "loss");

        assertThat(history).extracting(m -> m.get("step").asInt()).containsExactly(0, 1);
        List<FakeMlflowServer.Request> sent = server.requests("/metrics/get-history");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).param("page_token")).isNull();
        assertThat(sent.get(1).param("page_token")).isEqualTo("p2");
        assertThat(sent.get(1).param("metric_key")).isEqualTo("loss");
    }

    @Test
    void registeredModelsAndVersions() {
        server.replay("registered-models-search").replay("registered-models-get").replay("model-versions-search")
                .replay("model-versions-get");

        assertThat(client.searchRegisteredModels(SearchQuery.all()).items()).hasSize(2);
        assertThat(client.getRegisteredModel("churn-model").get("aliases")).hasSize(2);
        assertThat(client.searchModelVersions(SearchQuery.all().withFilter("name='churn-model'")).items()).hasSize(2);
        assertThat(texts(client.getModelVersion("churn-model", "2").get("aliases"))).containsExactly("champion");
        assertThat(server.requests("/model-versions/search").getFirst().param("filter")).isEqualTo("name='churn-model'");
        FakeMlflowServer.Request version = server.requests("/model-versions/get").getFirst();
        assertThat(version.param("name")).isEqualTo("churn-model");
        assertThat(version.param("version")).isEqualTo("2");
    }

    @Test
    void queryParametersSurviveSpacesQuotesAndRepeats() {
        server.replay("registered-models-search");

        client.searchRegisteredModels(new SearchQuery("name LIKE '%a+b &c%'", List.of("name ASC", "creation_timestamp DESC"),
                7, "x/y=="));

        FakeMlflowServer.Request sent = server.requests().getFirst();
        assertThat(sent.param("filter")).isEqualTo("name LIKE '%a+b &c%'");
        assertThat(sent.query().get("order_by")).containsExactly("name ASC", "creation_timestamp DESC");
        assertThat(sent.param("page_token")).isEqualTo("x/y==");
    }

    @Test
    void aTrackingUriWithAPathPrefixKeepsIt() {
        server.replay("experiments-get");

        try (CapstanClient prefixed = new CapstanClient(URI.create(server.uri() + "/mlflow/"))) {
            prefixed.getExperiment("1");
        }

        assertThat(server.requests().getFirst().route()).isEqualTo("/experiments/get");
    }

    @Test
    void anMlflowErrorBodyBecomesAClientException() {
        server.replay("experiments-get-by-name.missing");

        assertThatThrownBy(() -> client.getExperimentByName("nope"))
                .asInstanceOf(type(CapstanClientException.class))
                .satisfies(e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
                    assertThat(e.code()).contains(ErrorCode.RESOURCE_DOES_NOT_EXIST);
                    assertThat(e.getMessage()).isEqualTo("Could not find experiment with name 'nope'");
                });
    }

    @Test
    void aCodeOutsideCapstansEnumIsKeptAsText() {
        server.answer("GET", "/runs/get", 500, "application/json", "{\"error_code\":\"DATA_LOSS\",\"message\":\"gone\"}");

        assertThatThrownBy(() -> client.getRun("r")).asInstanceOf(type(CapstanClientException.class))
                .satisfies(e -> {
                    assertThat(e.errorCode()).isEqualTo("DATA_LOSS");
                    assertThat(e.code()).isEmpty();
                });
    }

    @Test
    void anErrorWithoutAnMlflowBodyGetsTheCodeMlflowsClientWouldGiveIt() {
        server.answer("GET", "/runs/get", 404, "text/html", "<h1>Not Found</h1>")
                .answer("GET", "/experiments/get", 502, "text/html", "")
                .answer("GET", "/registered-models/get", 400, "application/json", "{\"detail\":\"no\"}");

        assertThatThrownBy(() -> client.getRun("r")).asInstanceOf(type(CapstanClientException.class))
                .satisfies(e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo("ENDPOINT_NOT_FOUND");
                    assertThat(e.getMessage()).isEqualTo(
                            "GET /api/2.0/mlflow/runs/get failed with HTTP 404. Response body: '<h1>Not Found</h1>'");
                });
        assertThatThrownBy(() -> client.getExperiment("1")).asInstanceOf(type(CapstanClientException.class))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo("INTERNAL_ERROR"));
        assertThatThrownBy(() -> client.getRegisteredModel("m")).asInstanceOf(type(CapstanClientException.class))
                .satisfies(e -> {
                    assertThat(e.errorCode()).isEqualTo("INTERNAL_ERROR");
                    assertThat(e.getMessage()).isEqualTo("Response: {\"detail\":\"no\"}");
                });
    }

    @Test
    void anOkAnswerThatIsNotMlflowJsonIsAnError() {
        server.answer("GET", "/runs/get", 200, "text/html", "<html>login</html>")
                .answer("GET", "/experiments/get", 200, "application/json", "{\"something\":1}");

        assertThatThrownBy(() -> client.getRun("r")).isInstanceOf(CapstanClientException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> client.getExperiment("1")).isInstanceOf(CapstanClientException.class)
                .hasMessageContaining("without 'experiment'");
    }

    @Test
    void noAnswerIsServerUnreachable() throws IOException {
        URI dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        try (CapstanClient unreachable = new CapstanClient(dead)) {
            assertThatThrownBy(() -> unreachable.getExperiment("1"))
                    .asInstanceOf(type(ServerUnreachableException.class))
                    .satisfies(e -> {
                        assertThat(e.trackingUri()).isEqualTo(dead);
                        assertThat(e.getMessage()).isEqualTo("Cannot reach the tracking server at " + dead
                                + ": connection refused");
                    });
        }
    }

    @Test
    void onlyHttpUrlsAreTrackingUris() {
        for (String uri : List.of("file:///tmp/mlruns", "databricks", "sqlite:///x.db", "http:relative")) {
            assertThatThrownBy(() -> new CapstanClient(URI.create(uri)))
                    .asInstanceOf(type(CapstanException.class))
                    .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
        }
    }
}
