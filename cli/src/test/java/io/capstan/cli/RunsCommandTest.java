package io.capstan.cli;

import io.capstan.testkit.FakeMlflowServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.protocol.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunsCommandTest {
    private static final String BASELINE = "342d207aabf54892801bd45907290716";
    private static final String TUNED = "9dd6500d94d147d6abd97a4472275a26";
    private final FakeMlflowServer server = FakeMlflowServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private CommandRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--tracking-uri", server.uri()));
        return CommandRun.of(new RunsCommand(), all.toArray(String[]::new));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void listByExperimentId() {
        server.replay("runs-search");

        CommandRun result = run("list", "--experiment-id", "1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines().toList()).containsExactly(
                "RUN ID                            NAME      EXPERIMENT  STATUS    STARTED               ENDED",
                BASELINE + "  baseline  1           FINISHED  2026-11-23T16:04:14Z  2026-11-23T16:05:14Z",
                TUNED + "  tuned     1           RUNNING   2026-11-23T16:06:14Z");
        JsonNode sent = server.requests("/runs/search").getFirst().body();
        assertThat(texts(sent.get("experiment_ids"))).containsExactly("1");
        assertThat(sent.get("run_view_type").asText()).isEqualTo("ACTIVE_ONLY");
        assertThat(sent.get("max_results").asInt()).isEqualTo(1000);
    }

    @Test
    void listByExperimentNameLooksTheIdUp() {
        server.replay("experiments-get-by-name").replay("runs-search");

        CommandRun result = run("list", "--experiment-name", "churn", "--filter", "status = 'FINISHED'");

        assertThat(result.exitCode()).isZero();
        assertThat(server.requests("/experiments/get-by-name").getFirst().param("experiment_name")).isEqualTo("churn");
        JsonNode sent = server.requests("/runs/search").getFirst().body();
        assertThat(texts(sent.get("experiment_ids"))).containsExactly("1");
        assertThat(sent.get("filter").asText()).isEqualTo("status = 'FINISHED'");
    }

    @Test
    void severalExperimentIds() {
        server.replay("runs-search");

        CommandRun result = run("list", "--experiment-id", "1,2", "--experiment-id", "3");

        assertThat(result.exitCode()).isZero();
        assertThat(texts(server.requests("/runs/search").getFirst().body().get("experiment_ids")))
                .containsExactly("1", "2", "3");
    }

    @Test
    void anUnknownExperimentNameExitsWithOne() {
        server.replay("experiments-get-by-name.missing");

        CommandRun result = run("list", "--experiment-name", "nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Could not find experiment with name 'nope'");
        assertThat(server.requests("/runs/search")).isEmpty();
    }

    @Test
    void anExperimentIsRequiredAndIdsAndNamesDoNotMix() {
        CommandRun none = run("list");
        CommandRun both = run("search", "--experiment-id", "1", "--experiment-name", "churn");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--experiment-id").contains("--experiment-name");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void searchAsJsonWithViewAndPageToken() throws Exception {
        server.replay("runs-search");

        CommandRun result = run("search", "--experiment-id", "1", "--view", "DELETED_ONLY", "--page-token", "t1",
                "--order-by", "metrics.auc DESC", "-o", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(Json.mapper().readTree(result.out())).isEqualTo(FakeMlflowServer.goldenBody("runs-search").get("runs"));
        JsonNode sent = server.requests("/runs/search").getFirst().body();
        assertThat(sent.get("run_view_type").asText()).isEqualTo("DELETED_ONLY");
        assertThat(sent.get("page_token").asText()).isEqualTo("t1");
        assertThat(texts(sent.get("order_by"))).containsExactly("metrics.auc DESC");
    }

    @Test
    void aRejectedFilterIsBadInput() {
        server.replay("runs-search.bad-filter");

        CommandRun result = run("search", "--experiment-id", "1", "--filter", "metrics.loss >>> 1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Invalid comparator '>>>'").contains("INVALID_PARAMETER_VALUE");
    }

    @Test
    void showPrintsInfoParamsMetricsAndTags() {
        server.replay("runs-get");

        CommandRun result = run("show", BASELINE);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(String.join("\n",
                "Run ID:           " + BASELINE,
                "Name:             baseline",
                "Experiment ID:    1",
                "Status:           FINISHED",
                "Lifecycle stage:  active",
                "User:",
                "Started:          2026-11-23T16:04:14Z",
                "Ended:            2026-11-23T16:05:14Z",
                "Artifact URI:     /tmp/mlrec/art/1/" + BASELINE + "/artifacts",
                "",
                "Params",
                "KEY    VALUE",
                "depth  6",
                "lr     0.1",
                "",
                "Metrics (latest)",
                "KEY   VALUE  STEP  TIMESTAMP",
                "auc   0.81   2     2026-11-23T16:04:14Z",
                "loss  0.25   2     2026-11-23T16:04:14Z",
                "",
                "Tags",
                "KEY             VALUE",
                "mlflow.runName  baseline",
                "owner           ana",
                ""));
        assertThat(server.requests("/runs/get").getFirst().param("run_id")).isEqualTo(BASELINE);
    }

    @Test
    void showAsJsonPrintsTheRun() throws Exception {
        server.replay("runs-get");

        CommandRun result = run("show", BASELINE, "--output", "json");

        assertThat(Json.mapper().readTree(result.out())).isEqualTo(FakeMlflowServer.goldenBody("runs-get").get("run"));
    }

    @Test
    void showMetricHistory() throws Exception {
        server.replay("metrics-get-history");

        CommandRun table = run("show", BASELINE, "--metric-history", "loss");
        CommandRun json = run("show", BASELINE, "--metric-history", "loss", "-o", "json");

        assertThat(table.exitCode()).isZero();
        assertThat(table.out().lines().toList()).containsExactly(
                "STEP  VALUE  TIMESTAMP",
                "0     0.9    2026-11-23T16:04:14Z",
                "1     0.5    2026-11-23T16:04:14Z",
                "2     0.25   2026-11-23T16:04:14Z");
        assertThat(Json.mapper().readTree(json.out()))
                .isEqualTo(FakeMlflowServer.goldenBody("metrics-get-history").get("metrics"));
        FakeMlflowServer.Request sent = server.requests("/metrics/get-history").getFirst();
        assertThat(sent.param("run_id")).isEqualTo(BASELINE);
        assertThat(sent.param("metric_key")).isEqualTo("loss");
    }

    @Test
    void anUnknownRunExitsWithOne() {
        server.replay("runs-get.missing");

        CommandRun result = run("show", "00000000000000000000000000000000");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo(
                "capstan: Run with id=00000000000000000000000000000000 not found (RESOURCE_DOES_NOT_EXIST)\n");
    }

    @Test
    void anUnreachableServerExitsWithThree() {
        CommandRun result = CommandRun.of(new RunsCommand(), "show", BASELINE, "--tracking-uri", CommandRun.deadUri());

        assertThat(result.exitCode()).isEqualTo(3);
    }
}
