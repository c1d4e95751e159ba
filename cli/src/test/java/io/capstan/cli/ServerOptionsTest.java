package io.capstan.cli;

import io.capstan.testkit.FakeMlflowServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServerOptionsTest {
    @Test
    void theFlagWinsThenMlflowsVariableThenCapstansThenTheDefault() {
        Map<String, String> both = Map.of("MLFLOW_TRACKING_URI", "http://mlflow:5000",
                "CAPSTAN_TRACKING_URI", "http://capstan:5000");

        assertThat(ServerOptions.choose("http://flag:1", both)).isEqualTo("http://flag:1");
        assertThat(ServerOptions.choose(null, both)).isEqualTo("http://mlflow:5000");
        assertThat(ServerOptions.choose(null, Map.of("CAPSTAN_TRACKING_URI", "http://capstan:5000")))
                .isEqualTo("http://capstan:5000");
        assertThat(ServerOptions.choose(null, Map.of())).isEqualTo("http://127.0.0.1:5000");
    }

    @Test
    void blankValuesCountAsUnset() {
        assertThat(ServerOptions.choose(" ", Map.of("MLFLOW_TRACKING_URI", "", "CAPSTAN_TRACKING_URI", " http://c:1 ")))
                .isEqualTo("http://c:1");
    }

    @Test
    void theEnvironmentIsUsedWhenTheFlagIsAbsent() {
        try (FakeMlflowServer server = FakeMlflowServer.start()) {
            server.answer("GET", "/experiments/get", 200, "application/json", "{\"experiment\":{\"experiment_id\":\"7\"}}");
            ShowExperimentCommand command = new ShowExperimentCommand();
            var commandLine = new picocli.CommandLine(command);
            commandLine.parseArgs("7");

            int exit = ServerCall.run(commandLine.getCommandSpec(), command.server, command.output,
                    Map.of("CAPSTAN_TRACKING_URI", server.uri()), (client, out) -> client.getExperiment("7"));

            assertThat(exit).isZero();
            assertThat(server.requests()).hasSize(1);
        }
    }
}
