package io.capstan.app;

import io.capstan.client.CapstanClient;
import io.capstan.client.ModelFetcher;
import io.capstan.core.CapstanException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import io.capstan.serving.batching.BatchingConfig;
import io.capstan.serving.inferencelog.Durability;
import io.capstan.serving.inferencelog.FileInferenceLogConfig;
import io.capstan.serving.inferencelog.RequestSampler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code capstan serve MODEL_URI}: one model behind the Open Inference Protocol v2 and MLflow's
 * scoring protocol, like {@code mlflow models serve} but in the JVM.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve one model: Open Inference Protocol v2 under /v2/models/<name> (tritonclient, KServe) "
                + "and MLflow scoring at /invocations, /ping, /health, /version (as `mlflow models serve`).",
                "MODEL_URI is models:/<name>@<alias>, models:/<name>/<version>, models:/<name>/latest, "
                        + "models:/<model_id>, runs:/<run_id>/<path>, or a local model directory."})
final class ServeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL_URI", description = "The model to serve.")
    String modelUri;

    @Option(names = "--host", description = "Interface to bind (default: 127.0.0.1).")
    String host = "127.0.0.1";

    @Option(names = {"-p", "--port"}, description = "Port (default: 8000, Triton's HTTP port).")
    int port = 8000;

    @Option(names = "--tracking-uri", description = "Tracking server to resolve models:/ and runs:/ URIs against "
            + "(default: $MLFLOW_TRACKING_URI).")
    String trackingUri;

    @Option(names = "--name", description = "Name the model answers under in /v2/models/<name> "
            + "(default: the registered model's name, or the directory's name).")
    String name;

    @Option(names = {"-w", "--workers"}, description = "Requests handled concurrently (default: 64).")
    int workers = 64;

    @Option(names = "--max-request-bytes", description = "Largest request body accepted; larger ones get 413 "
            + "(default: 67108864, 64 MiB).")
    int maxRequestBytes = 64 * 1024 * 1024;

    @Option(names = "--intra-op-threads", description = "ONNX Runtime threads per inference (default: 1 below 4 "
            + "cores, else 2).")
    Integer intraOpThreads;

    @Option(names = "--max-batch-size", description = "Dynamic batching: combine concurrent requests into "
            + "batches of up to this many rows (default: 0, no batching).")
    int maxBatchSize;

    @Option(names = "--max-queue-delay-ms", description = "Dynamic batching: how long a request may wait for "
            + "others to join its batch (default: 0: batch only what queued up while the model was busy).")
    long maxQueueDelayMs;

    @Option(names = "--max-queue-size", description = "Dynamic batching: requests that may wait; beyond it the "
            + "answer is 429 with Retry-After (default: 128).")
    int maxQueueSize = BatchingConfig.DEFAULT_MAX_QUEUE_SIZE;

    @Option(names = "--inference-log", description = "Directory for the inference log: one JSON line per request "
            + "(id, time, version, inputs, outputs, latency), hourly files (default: no log).")
    Path inferenceLog;

    @Option(names = "--inference-log-sample-rate", description = "Share of requests logged, 0..1, decided by the "
            + "request id (default: 1).")
    double sampleRate = 1.0;

    @Option(names = "--inference-log-durability", description = "sync (default): a request is answered once its "
            + "record is on disk (fsync, grouped); async: answered at once, the last records may be lost in a crash.")
    Durability durability = Durability.SYNC;

    @Override
    public Integer call() throws Exception {
        if (maxRequestBytes < 1024) {
            throw CapstanException.invalid("--max-request-bytes must be at least 1024, got %d", maxRequestBytes);
        }
        Path local = localDirectory(modelUri);
        Path download = null;
        String modelName;
        String version;
        Path directory;
        if (local != null) {
            directory = local;
            modelName = name != null ? name : local.toAbsolutePath().normalize().getFileName().toString();
            version = "1";
        } else {
            String tracking = trackingUri != null ? trackingUri : System.getenv("MLFLOW_TRACKING_URI");
            if (tracking == null || tracking.isBlank()) {
                throw CapstanException.invalid("'%s' names a model in a tracking server: pass --tracking-uri or set "
                        + "MLFLOW_TRACKING_URI (or give a local model directory)", modelUri);
            }
            download = Files.createTempDirectory("capstan-serve-");
            try (CapstanClient client = new CapstanClient(URI.create(tracking))) {
                ModelFetcher.Fetched fetched = new ModelFetcher(client).fetch(modelUri, download);
                directory = fetched.directory();
                modelName = name != null ? name : fetched.name();
                version = fetched.version();
            } catch (RuntimeException e) {
                Folders.deleteQuietly(download);
                throw e;
            }
        }
        Path cleanup = download;
        ModelServer server;
        try {
            server = ModelServer.start(new ModelServer.Options(host, port, workers, maxRequestBytes, intraOpThreads,
                    batching(), inferenceLogConfig()), modelName, version, directory);
        } catch (RuntimeException e) {
            Folders.deleteQuietly(cleanup);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            Folders.deleteQuietly(cleanup);
        }, "capstan-serve-shutdown"));
        System.out.printf("Capstan serving '%s' version %s on http://%s:%d (OIP v2: /v2/models/%s, MLflow: "
                + "/invocations)%n", modelName, version, host, server.port(), modelName);
        System.out.flush();
        server.join();
        return 0;
    }

    private Optional<BatchingConfig> batching() {
        if (maxBatchSize < 0) {
            throw CapstanException.invalid("--max-batch-size must be 0 (off) or more, got %d", maxBatchSize);
        }
        if (maxBatchSize == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BatchingConfig(maxBatchSize, Duration.ofMillis(maxQueueDelayMs), maxQueueSize));
        } catch (IllegalArgumentException e) {
            throw CapstanException.invalid("Bad batching option: %s", e.getMessage());
        }
    }

    private Optional<FileInferenceLogConfig> inferenceLogConfig() {
        if (inferenceLog == null) {
            return Optional.empty();
        }
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw CapstanException.invalid("--inference-log-sample-rate must be between 0 and 1, got %s", sampleRate);
        }
        return Optional.of(FileInferenceLogConfig.defaults(inferenceLog.toAbsolutePath())
                .withSampler(new RequestSampler(sampleRate))
                .withDurability(durability));
    }

    /** The directory a URI names on this machine, or null for a models:/ or runs:/ URI. */
    private static Path localDirectory(String uri) {
        if (uri.startsWith("models:/") || uri.startsWith("runs:/")) {
            return null;
        }
        Path path = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        if (!Files.isDirectory(path)) {
            throw CapstanException.invalid("'%s' is neither a model URI (models:/…, runs:/…) nor a directory", uri);
        }
        return path;
    }
}
