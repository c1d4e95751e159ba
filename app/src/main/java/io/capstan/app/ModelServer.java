package io.capstan.app;

import ai.onnxruntime.OrtEnvironment;
import io.capstan.server.CapstanServer;
import io.capstan.server.MetricsRoutes;
import io.capstan.server.PrometheusServingMetrics;
import io.capstan.server.OipRoutes;
import io.capstan.server.Router;
import io.capstan.server.ScoringRoutes;
import io.capstan.serving.ModelLoader;
import io.capstan.serving.ServedModel;
import io.capstan.serving.ServedModels;
import io.capstan.serving.ServingStatistics;
import io.capstan.serving.spi.ServingMetrics;
import io.capstan.serving.onnx.OnnxSessionConfig;
import io.capstan.core.IdGenerator;
import io.capstan.serving.InferenceRecorder;
import io.capstan.serving.batching.BatchingConfig;
import io.capstan.serving.inferencelog.FileInferenceLog;
import io.capstan.serving.inferencelog.FileInferenceLogConfig;
import io.capstan.serving.inferencelog.InferenceLog;
import io.capstan.serving.inferencelog.RequestStamps;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * The composition root of {@code capstan serve}: one model loaded from a directory, behind the
 * Open Inference Protocol and MLflow's scoring routes.
 */
public final class ModelServer implements AutoCloseable {
    /**
     * @param intraOpThreads ONNX Runtime threads per inference; null for the machine's default
     * @param batching dynamic batching; empty for none
     * @param inferenceLog where to log requests; empty for no log
     */
    public record Options(String host, int port, int workers, int maxRequestBytes, Integer intraOpThreads,
            Optional<BatchingConfig> batching, Optional<FileInferenceLogConfig> inferenceLog) {
    }

    private final ServedModels models;
    private final CapstanServer server;
    private final Optional<FileInferenceLog> log;

    private ModelServer(ServedModels models, CapstanServer server, Optional<FileInferenceLog> log) {
        this.models = models;
        this.server = server;
        this.log = log;
    }

    /** Loads the model in {@code directory} and starts answering. */
    public static ModelServer start(Options options, String name, String version, Path directory) throws Exception {
        OnnxSessionConfig defaults = OnnxSessionConfig.forProcessors(Runtime.getRuntime().availableProcessors());
        OnnxSessionConfig onnx = options.intraOpThreads() == null ? defaults
                : new OnnxSessionConfig(options.intraOpThreads(), defaults.interOpThreads(), defaults.allowSpinning());
        PrometheusServingMetrics prometheus = new PrometheusServingMetrics();
        ServingStatistics statistics = new ServingStatistics(Clock.systemUTC());
        ServingMetrics metrics = ServingMetrics.both(prometheus, statistics);
        ThreadFactory threads = Thread.ofPlatform().name("capstan-batcher-", 0).daemon(true).factory();
        ServedModel model = new ModelLoader(OrtEnvironment::getEnvironment, onnx, metrics, options.batching(),
                threads).load(name, name, version, directory);
        ServedModels models = new ServedModels(List.of(model));
        Optional<FileInferenceLog> log = Optional.empty();
        try {
            log = options.inferenceLog().map(config -> new FileInferenceLog(config,
                    Thread.ofPlatform().name("capstan-inference-log").daemon(true).factory()));
            InferenceRecorder recorder = new InferenceRecorder(log.map(InferenceLog.class::cast),
                    new RequestStamps(IdGenerator.secure(), Clock.systemUTC()));
            Router router = new Router();
            new OipRoutes(models, options.maxRequestBytes(), metrics, recorder, statistics).register(router);
            new ScoringRoutes(models, options.maxRequestBytes(), metrics, recorder).registerSingle(router, name);
            new MetricsRoutes(prometheus).register(router);
            // inference handlers are short and CPU-bound: run them on the thread that read the request
            CapstanServer server = new CapstanServer(options.host(), options.port(), options.workers(), router,
                    CapstanServer.Handlers.PLATFORM_THREADS);
            server.start();
            return new ModelServer(models, server, log);
        } catch (Exception | Error e) {
            models.close();
            log.ifPresent(FileInferenceLog::close);
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception ignored) {
            // stopping anyway; the models are released next
        }
        models.close();
        log.ifPresent(FileInferenceLog::close);
    }
}
