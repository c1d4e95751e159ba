package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.testkit.FakeMlflowServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorsCommandTest {
    private final FakeMlflowServer server = FakeMlflowServer.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    private CommandRun run(Runnable command, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--tracking-uri", server.uri()));
        return CommandRun.of(command, all.toArray(String[]::new));
    }

    static final String WINDOW = "{\"window_start\":\"2026-12-01T10:00:00Z\",\"status\":\"ok\",\"rows\":1840,"
            + "\"drift_share\":0.75,\"dataset_drift\":true,\"columns\":[{\"column\":\"age\",\"drift_detected\":true},"
            + "{\"column\":\"city\",\"drift_detected\":false}],\"quality\":{\"labelled_rows\":920,\"accuracy\":0.93}}";

    @Test
    void listShowsEachMonitorsNewestWindow() {
        server.answer("GET", "/api/capstan/monitors", 200, "application/json", "{\"monitors\":[{\"name\":\"iris\","
                + "\"source\":{\"deployment\":\"iris\"},\"window_seconds\":3600,\"latest_window\":" + WINDOW + "}]}");
        CommandRun result = run(new MonitorsCommand(), "list");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines().toList()).containsExactly(
                "NAME  SOURCE           WINDOW  LATEST                STATUS  DRIFT SHARE  DRIFT",
                "iris  deployment iris  3600 s  2026-12-01T10:00:00Z  ok      0.750        yes");
    }

    @Test
    void createSendsTheYamlSpecAsJson() throws Exception {
        Path spec = dir.resolve("monitor.yaml");
        Files.writeString(spec, "name: iris\nsource: {deployment: iris}\nreference:\n  uri: runs:/abc/train.csv\n"
                + "window_seconds: 600\n");
        server.answer("POST", "/api/capstan/monitors", 200, "application/json", "{\"monitor\":{\"name\":\"iris\","
                + "\"source\":{\"deployment\":\"iris\"},\"window_seconds\":600,\"latest_window\":null}}");
        CommandRun result = run(new MonitorsCommand(), "create", "--file", spec.toString());
        assertThat(result.exitCode()).isZero();
        var sent = server.requests("/api/capstan/monitors").getFirst().body();
        assertThat(sent.at("/reference/uri").asText()).isEqualTo("runs:/abc/train.csv");
        assertThat(sent.get("window_seconds").asInt()).isEqualTo(600);
    }

    @Test
    void windowsPrintsDriftedColumnsAndQualityAndTheNextPage() {
        server.answer("GET", "/api/capstan/monitors/iris/windows", 200, "application/json",
                "{\"windows\":[" + WINDOW + "],\"next_page_token\":\"t2\"}");
        CommandRun result = run(new MonitorsCommand(), "windows", "iris", "--max-results", "1");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("age").contains("accuracy=0.930 (920 labelled)");
        assertThat(result.err()).contains("--page-token t2");
        assertThat(server.requests("/api/capstan/monitors/iris/windows").getFirst().param("max_results"))
                .isEqualTo("1");
    }

    @Test
    void aMissingMonitorExitsOneAndABadSpecFileTwo() {
        server.answer("GET", "/api/capstan/monitors/nope", 404, "application/json",
                "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Monitor 'nope' does not exist\"}");
        CommandRun missing = run(new MonitorsCommand(), "show", "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("Monitor 'nope' does not exist");
        CommandRun bad = run(new MonitorsCommand(), "create", "--file", dir.resolve("none.yaml").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
    }

    @Test
    void aRetrainRequestClaimedElsewhereIsAConflict() {
        server.answer("POST", "/api/capstan/retrain-requests/r1/claim", 409, "application/json",
                "{\"error_code\":\"RESOURCE_CONFLICT\",\"message\":\"Retrain request 'r1' is claimed\"}");
        CommandRun result = run(new RetrainRequestsCommand(), "claim", "r1", "--worker", "ci");
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(server.requests("/api/capstan/retrain-requests/r1/claim").getFirst().body().get("worker").asText())
                .isEqualTo("ci");
    }

    @Test
    void alertsListShowsStateAndActions() {
        server.answer("GET", "/api/capstan/alerts", 200, "application/json", "{\"alerts\":[{\"name\":\"d\","
                + "\"monitor\":\"iris\",\"condition\":{\"metric\":\"drift_share\",\"op\":\">=\",\"value\":0.5},"
                + "\"for_windows\":2,\"state\":\"firing\",\"since\":\"2026-12-01T11:00:31Z\","
                + "\"actions\":[{\"type\":\"webhook\"},{\"type\":\"retrain\"}]}]}");
        CommandRun result = run(new AlertsCommand(), "list");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("drift_share >= 0.5").contains("firing").contains("webhook, retrain");
    }
}
