package io.capstan.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code capstan server}: runs the tracking server, registry and artifact proxy. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run the Capstan server: MLflow-compatible tracking, registry and artifact proxy; deployments; monitors and alerts.",
                "Each option can also be set as CAPSTAN_<OPTION> in the environment or in ./capstan.yaml."})
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--host", description = "Interface to bind (default: 127.0.0.1).")
    String host;

    @Option(names = {"-p", "--port"}, description = "Port (default: 5000).")
    Integer port;

    @Option(names = "--backend-store-uri", description = "sqlite:///path/to/file.db or "
            + "postgresql://user:password@host:port/db (default: sqlite under ./capstan-data).")
    String backendStoreUri;

    @Option(names = "--artifacts-destination", description = "Directory for proxied artifacts "
            + "(default: ./capstan-data/artifacts).")
    Path artifactsDestination;

    @Option(names = "--default-artifact-root", description = "Artifact root of new experiments "
            + "(default: mlflow-artifacts:/, i.e. through this server).")
    String defaultArtifactRoot;

    @Option(names = {"-w", "--workers"}, description = "Requests handled concurrently (default: 64).")
    Integer workers;

    @Option(names = "--sqlite-synchronous", description = "FULL (default; survives power loss) or NORMAL "
            + "(survives process crashes, faster commits).")
    String sqliteSynchronous;

    @Option(names = "--inference-log", description = "Directory for the deployments' inference log: one JSON line "
            + "per request (and per shadow copy), hourly files, durable before the answer (default: none).")
    Path inferenceLog;

    @Option(names = "--retrain-command", paramLabel = "NAME=COMMAND", description = "A command alert rules may run "
            + "on a retrain request (repeatable; no shell, split at spaces; the request is in its environment). "
            + "In capstan.yaml / CAPSTAN_RETRAIN_COMMANDS: entries separated by ';'.")
    List<String> retrainCommands = new ArrayList<>();

    @Option(names = "--monitor-data-root", paramLabel = "DIR", description = "A directory whose CSV/Parquet files "
            + "monitors may read as references or datasets (repeatable; default: the working directory). "
            + "In capstan.yaml / CAPSTAN_MONITOR_DATA_ROOTS: directories separated by ':'.")
    List<Path> monitorDataRoots = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        CapstanConfig config = resolve(new ConfigSources(Path.of("capstan.yaml"), System.getenv()));
        Capstan capstan = Capstan.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                capstan.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
        }, "capstan-shutdown"));
        System.out.printf("Capstan listening on http://%s:%d (store: %s, artifacts: %s)%n", config.host(),
                capstan.port(), io.capstan.store.sql.Database.redact(config.backendStoreUri()),
                config.artifactsDestination());
        System.out.flush();
        capstan.join();
        return 0;
    }

    /** Flags win over the environment, which wins over capstan.yaml, which wins over defaults. */
    CapstanConfig resolve(ConfigSources sources) {
        CapstanConfig d = CapstanConfig.defaults();
        return new CapstanConfig(
                host != null ? host : sources.get("host", d.host()),
                port != null ? port : Integer.parseInt(sources.get("port", Integer.toString(d.port()))),
                backendStoreUri != null ? backendStoreUri : sources.get("backend-store-uri", d.backendStoreUri()),
                artifactsDestination != null ? artifactsDestination
                        : Path.of(sources.get("artifacts-destination", d.artifactsDestination().toString())).toAbsolutePath(),
                defaultArtifactRoot != null ? defaultArtifactRoot
                        : sources.get("default-artifact-root", d.defaultArtifactRoot()),
                workers != null ? workers : Integer.parseInt(sources.get("workers", Integer.toString(d.workers()))),
                sqliteSynchronous != null ? sqliteSynchronous : sources.get("sqlite-synchronous", d.sqliteSynchronous()),
                inferenceLog != null ? inferenceLog.toAbsolutePath() : optionalPath(sources.get("inference-log", null)),
                !retrainCommands.isEmpty() ? retrainCommands : split(sources.get("retrain-commands", ""), ";"),
                !monitorDataRoots.isEmpty() ? monitorDataRoots.stream().map(Path::toAbsolutePath).toList()
                        : split(sources.get("monitor-data-roots", ""), ":").stream()
                                .map(p -> Path.of(p).toAbsolutePath()).toList());
    }

    private static List<String> split(String value, String separator) {
        return Arrays.stream(value.split(java.util.regex.Pattern.quote(separator))).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static Path optionalPath(String value) {
        return value == null || value.isBlank() ? null : Path.of(value).toAbsolutePath();
    }
}
