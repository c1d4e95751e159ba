package io.capstan.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CapstanConfigTest {

    @Test
    void defaultsArePinned() {
        CapstanConfig d = CapstanConfig.defaults();
        assertThat(d.host()).isEqualTo("127.0.0.1");
        assertThat(d.port()).isEqualTo(5000);
        assertThat(d.backendStoreUri()).startsWith("sqlite:///").endsWith("capstan-data/capstan.db");
        assertThat(d.artifactsDestination().toString()).endsWith("capstan-data/artifacts");
        assertThat(d.defaultArtifactRoot()).isEqualTo("mlflow-artifacts:/");
        assertThat(d.workers()).isEqualTo(64);
        assertThat(d.sqliteSynchronous()).isEqualTo("FULL");
        assertThat(d.inferenceLog()).isNull();
        assertThat(d.retrainCommands()).isEmpty();
        assertThat(d.monitorDataRoots()).isEmpty();
    }

    @Test
    void retrainCommandsAndDataRootsComeFromFlagsOrTheEnvironment(@TempDir Path dir) throws Exception {
        ConfigSources env = new ConfigSources(null, Map.of("CAPSTAN_RETRAIN_COMMANDS", "train=./train.sh --fast; eval=./e",
                "CAPSTAN_MONITOR_DATA_ROOTS", "/data/a:/data/b"));
        CapstanConfig fromEnv = new ServerCommand().resolve(env);
        assertThat(fromEnv.retrainCommands()).containsExactly("train=./train.sh --fast", "eval=./e");
        assertThat(fromEnv.monitorDataRoots()).containsExactly(Path.of("/data/a"), Path.of("/data/b"));
        assertThat(ProcessRetrainCommands.parse(fromEnv.retrainCommands()))
                .containsEntry("train", java.util.List.of("./train.sh", "--fast"));

        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs("--retrain-command", "x=/bin/true", "--monitor-data-root", dir.toString());
        CapstanConfig fromFlags = command.resolve(env);
        assertThat(fromFlags.retrainCommands()).containsExactly("x=/bin/true");
        assertThat(fromFlags.monitorDataRoots()).containsExactly(dir.toAbsolutePath());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProcessRetrainCommands.parse(java.util.List.of("=x")))
                .hasMessageContaining("NAME=COMMAND");
    }

    @Test
    void propertyNamesAndEnvironmentNamesArePinned() {
        assertThat(ConfigSources.PROPERTIES).containsExactly("host", "port", "backend-store-uri",
                "artifacts-destination", "default-artifact-root", "workers", "sqlite-synchronous", "inference-log",
                "retrain-commands", "monitor-data-roots");
        assertThat(ConfigSources.envName("backend-store-uri")).isEqualTo("CAPSTAN_BACKEND_STORE_URI");
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsYaml(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("capstan.yaml");
        Files.writeString(yaml, "port: 6000\nhost: 0.0.0.0\nworkers: 8\n");
        ConfigSources sources = new ConfigSources(yaml, Map.of("CAPSTAN_PORT", "7000"));
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs("--workers", "4");
        CapstanConfig config = command.resolve(sources);
        assertThat(config.port()).isEqualTo(7000);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.workers()).isEqualTo(4);
    }
}
