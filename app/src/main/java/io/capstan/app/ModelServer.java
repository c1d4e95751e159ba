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
import io.capstan.serving.onnx.OnnxSessionConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The composition root of {@code capstan serve}: one model loaded from a directory, behind the
 * Open Inference Protocol and MLflow's scoring routes.
 */
public final class ModelServer implements AutoCloseable {
    /**
     * @param intraOpThreads ONNX Runtime threads per inference; null for the machine's default
     */
    public record Options(String host, int port, int workers, int maxRequestBytes, Integer intraOpThreads) {
    }

    private final ServedModels models;
    private final CapstanServer server;

    private ModelServer(ServedModels models, CapstanServer server) {
        this.models = models;
        this.server = server;
    }

    /** Loads the model in {@code directory} and starts answering. */
    public static ModelServer start(Options options, String name, String version, Path directory) throws Exception {
        OnnxSessionConfig defaults = OnnxSessionConfig.forProcessors(Runtime.getRuntime().availableProcessors());
        OnnxSessionConfig onnx = options.intraOpThreads() == null ? defaults
                : new OnnxSessionConfig(options.intraOpThreads(), defaults.interOpThreads(), defaults.allowSpinning());
        PrometheusServingMetrics metrics = new PrometheusServingMetrics();
        ServedModel model = new ModelLoader(OrtEnvironment.getEnvironment(), onnx, metrics).load(name, version, directory);
        ServedModels models = new ServedModels(List.of(model));
        try {
            Router router = new Router();
            new OipRoutes(models, options.maxRequestBytes(), metrics).register(router);
            new ScoringRoutes(model, options.maxRequestBytes(), metrics).register(router);
            new MetricsRoutes(metrics).register(router);
            CapstanServer server = new CapstanServer(options.host(), options.port(), options.workers(), router);
            server.start();
            return new ModelServer(models, server);
        } catch (Exception | Error e) {
            models.close();
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
    }
}
