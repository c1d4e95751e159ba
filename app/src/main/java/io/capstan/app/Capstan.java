package io.capstan.app;

import io.capstan.artifacts.local.LocalArtifactStore;
import io.capstan.core.IdGenerator;
import io.capstan.registry.RegistryService;
import io.capstan.server.ArtifactRoutes;
import io.capstan.server.CapstanServer;
import io.capstan.server.ExperimentRoutes;
import io.capstan.server.HealthRoutes;
import io.capstan.server.LoggedModelRoutes;
import io.capstan.server.RegistryRoutes;
import io.capstan.server.Router;
import io.capstan.server.RunRoutes;
import io.capstan.server.UiRoutes;
import io.capstan.store.sql.Database;
import io.capstan.store.sql.DatabaseOptions;
import io.capstan.store.sql.SqlDeploymentStore;
import io.capstan.store.sql.SqlExperimentStore;
import io.capstan.store.sql.SqlLoggedModelStore;
import io.capstan.store.sql.SqlRegistryStore;
import io.capstan.store.sql.SqlRunStore;
import io.capstan.tracking.ExperimentService;
import io.capstan.tracking.LoggedModelService;
import io.capstan.tracking.RunService;

import ai.onnxruntime.OrtEnvironment;
import io.capstan.client.CapstanClient;
import io.capstan.server.DeploymentRoutes;
import io.capstan.server.MetricsRoutes;
import io.capstan.server.OipRoutes;
import io.capstan.server.PrometheusServingMetrics;
import io.capstan.server.ScoringRoutes;
import io.capstan.serving.InferenceRecorder;
import io.capstan.serving.ModelLoader;
import io.capstan.serving.ServingStatistics;
import io.capstan.serving.deploy.DeploymentManager;
import io.capstan.serving.deploy.DeploymentStores;
import io.capstan.serving.inferencelog.FileInferenceLog;
import io.capstan.serving.inferencelog.FileInferenceLogConfig;
import io.capstan.serving.inferencelog.InferenceLog;
import io.capstan.serving.inferencelog.RequestStamps;
import io.capstan.serving.onnx.OnnxSessionConfig;
import io.capstan.serving.spi.ServingMetrics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The composition root: builds the whole object graph with plain constructor calls, in one
 * readable place, from a {@link CapstanConfig}.
 */
public final class Capstan implements AutoCloseable {
    /** The largest inference request a deployment takes (413 beyond). */
    private static final int MAX_INFERENCE_BYTES = 64 * 1024 * 1024;

    private final Database database;
    private final CapstanServer server;
    private final DeploymentManager deployments;
    private final CapstanClient loopback;
    private final ScheduledExecutorService scheduler;
    private final Optional<FileInferenceLog> inferenceLog;

    private Capstan(Database database, CapstanServer server, DeploymentManager deployments, CapstanClient loopback,
            ScheduledExecutorService scheduler, Optional<FileInferenceLog> inferenceLog) {
        this.inferenceLog = inferenceLog;
        this.database = database;
        this.server = server;
        this.deployments = deployments;
        this.loopback = loopback;
        this.scheduler = scheduler;
    }

    /** Opens the stores, wires services and routes, and starts the HTTP server. */
    public static Capstan start(CapstanConfig config) throws Exception {
        Clock clock = Clock.systemUTC();
        IdGenerator ids = IdGenerator.secure();
        DatabaseOptions defaults = DatabaseOptions.defaults();
        Database database = Database.open(config.backendStoreUri(), new DatabaseOptions(defaults.readPoolSize(),
                defaults.postgresPoolSize(), defaults.maxGroupSize(), config.sqliteSynchronous()));
        Optional<FileInferenceLog> inferenceLog = Optional.empty();
        try {
            LocalArtifactStore artifacts = openArtifacts(config, ids);

            ExperimentService experiments = new ExperimentService(
                    new SqlExperimentStore(database, defaultLocation(config), clock.millis()), clock,
                    config.defaultArtifactRoot());
            RunService runs = new RunService(new SqlRunStore(database), experiments, clock, ids);
            LoggedModelService loggedModels = new LoggedModelService(new SqlLoggedModelStore(database), experiments,
                    clock, ids);
            RegistryService registry = new RegistryService(new SqlRegistryStore(database), runs, loggedModels, clock);

            // deployments: versions load through this server's own REST API once it listens
            PrometheusServingMetrics prometheus = new PrometheusServingMetrics();
            ServingStatistics statistics = new ServingStatistics(clock);
            ServingMetrics metrics = ServingMetrics.both(prometheus, statistics);
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("capstan-deployments").daemon(true).factory());
            ExecutorService shadows = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(1024), Thread.ofPlatform().name("capstan-shadow").daemon(true).factory(),
                    new ThreadPoolExecutor.AbortPolicy());
            ModelLoader loader = new ModelLoader(OrtEnvironment::getEnvironment,
                    OnnxSessionConfig.forProcessors(Runtime.getRuntime().availableProcessors()), metrics,
                    Optional.empty(), Thread.ofPlatform().name("capstan-batcher-", 0).daemon(true).factory());
            Path data = config.artifactsDestination().toAbsolutePath().getParent();
            String loopbackHost = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1"
                    : config.host();
            inferenceLog = Optional.ofNullable(config.inferenceLog()).map(dir -> new FileInferenceLog(
                    FileInferenceLogConfig.defaults(dir), Thread.ofPlatform().name("capstan-inference-log").daemon(true)
                            .factory()));
            InferenceRecorder recorder = new InferenceRecorder(inferenceLog.map(InferenceLog.class::cast),
                    new RequestStamps(ids, clock));
            AtomicReference<CapstanClient> loopback = new AtomicReference<>();
            // specs live in the metadata database, shared by replicas; an older server's file is imported once
            SqlDeploymentStore deploymentStore = new SqlDeploymentStore(database);
            DeploymentStores.importOnce(data.resolve("deployments.json"), deploymentStore);
            DeploymentManager deployments = new DeploymentManager(loader,
                    new RegistryModelVersions(loopback::get, data.resolve("model-cache")),
                    deploymentStore, scheduler, shadows, clock,
                    Duration.ofSeconds(2), Duration.ofSeconds(10), recorder, metrics);


            Router router = new Router();
            new HealthRoutes().register(router);
            new DeploymentRoutes(deployments).register(router);
            new OipRoutes(deployments, MAX_INFERENCE_BYTES, metrics, recorder, statistics).register(router);
            new ScoringRoutes(deployments, MAX_INFERENCE_BYTES, metrics, recorder).registerDeployments(router);
            new MetricsRoutes(prometheus).register(router);
            new ExperimentRoutes(experiments).register(router);
            new RunRoutes(runs).register(router);
            new LoggedModelRoutes(loggedModels, artifacts).register(router);
            new ArtifactRoutes(artifacts, runs).register(router);
            new RegistryRoutes(registry, artifacts).register(router);
            // the web UI's files come from the capstan-ui jar on the classpath (module ui/)
            new UiRoutes(UiRoutes.classpath(Capstan.class.getClassLoader(), "capstan-ui")).register(router);

            CapstanServer server = new CapstanServer(config.host(), config.port(), config.workers(), router);
            server.start();
            loopback.set(new CapstanClient(URI.create("http://" + hostForUri(loopbackHost) + ":" + server.port())));
            deployments.start();
            return new Capstan(database, server, deployments, loopback.get(), scheduler, inferenceLog);
        } catch (Exception | Error e) {
            inferenceLog.ifPresent(FileInferenceLog::close);
            database.close();
            throw e;
        }
    }

    private static LocalArtifactStore openArtifacts(CapstanConfig config, IdGenerator ids) throws IOException {
        return new LocalArtifactStore(config.artifactsDestination(), ids);
    }

    private static String defaultLocation(CapstanConfig config) {
        String root = config.defaultArtifactRoot();
        return root.endsWith("/") ? root + "0" : root + "/0";
    }

    public int port() {
        return server.port();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            scheduler.shutdownNow();
            deployments.close();
            inferenceLog.ifPresent(FileInferenceLog::close);
            loopback.close();
            database.close();
        }
    }

    private static String hostForUri(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
