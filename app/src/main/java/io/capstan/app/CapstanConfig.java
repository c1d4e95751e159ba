package io.capstan.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Server configuration. Sources, later ones winning: the defaults below, {@code capstan.yaml} in
 * the working directory, {@code CAPSTAN_*} environment variables, command-line flags.
 *
 * @param host interface to bind; loopback unless told otherwise
 * @param port TCP port
 * @param backendStoreUri {@code sqlite:///path.db} or {@code postgresql://user:pass@host:port/db}
 * @param artifactsDestination directory the artifact proxy stores files in
 * @param defaultArtifactRoot artifact root of new experiments
 * @param workers requests handled concurrently
 * @param sqliteSynchronous FULL (survives power loss) or NORMAL (survives process crashes)
 * @param inferenceLog directory of the deployments' inference log; null for none
 * @param retrainCommands the commands alert rules may run, each {@code NAME=COMMAND [ARGS…]}; copied
 * @param monitorDataRoots the directories whose files monitors may read (references, datasets); copied,
 *     empty for the working directory
 */
public record CapstanConfig(String host, int port, String backendStoreUri, Path artifactsDestination,
                            String defaultArtifactRoot, int workers, String sqliteSynchronous, Path inferenceLog,
                            List<String> retrainCommands, List<Path> monitorDataRoots) {
    /** The folder, under the working directory, where the embedded default keeps its data. */
    public static final String DATA_DIR = "capstan-data";

    public CapstanConfig {
        Objects.requireNonNull(host, "host is null");
        Objects.requireNonNull(backendStoreUri, "backendStoreUri is null");
        Objects.requireNonNull(artifactsDestination, "artifactsDestination is null");
        Objects.requireNonNull(defaultArtifactRoot, "defaultArtifactRoot is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        retrainCommands = List.copyOf(Objects.requireNonNull(retrainCommands, "retrainCommands is null"));
        monitorDataRoots = List.copyOf(Objects.requireNonNull(monitorDataRoots, "monitorDataRoots is null"));
    }

    /** A configuration without retrain commands whose monitors read the working directory. */
    public CapstanConfig(String host, int port, String backendStoreUri, Path artifactsDestination,
            String defaultArtifactRoot, int workers, String sqliteSynchronous, Path inferenceLog) {
        this(host, port, backendStoreUri, artifactsDestination, defaultArtifactRoot, workers, sqliteSynchronous,
                inferenceLog, List.of(), List.of());
    }

    /** The embedded default: SQLite and local artifacts under {@code ./capstan-data}, port 5000, loopback. */
    public static CapstanConfig defaults() {
        Path data = Path.of(DATA_DIR).toAbsolutePath();
        return new CapstanConfig("127.0.0.1", 5000, "sqlite:///" + data.resolve("capstan.db"),
                data.resolve("artifacts"), "mlflow-artifacts:/", 64, "FULL", null, List.of(), List.of());
    }
}
