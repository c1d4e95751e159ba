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
import io.capstan.monitoring.alert.AlertService;
import io.capstan.monitoring.monitor.MonitorService;
import io.capstan.monitoring.spi.DeployedModels;
import io.capstan.server.AlertRoutes;
import io.capstan.server.MonitorRoutes;
import io.capstan.server.PrometheusMonitorMetrics;
import io.capstan.store.duckdb.DuckDbTables;
import io.capstan.store.duckdb.DuckDbWindowedTables;
import io.capstan.store.sql.SqlAlertStore;
import io.capstan.store.sql.SqlGroundTruthStore;
import io.capstan.store.sql.SqlMonitorStore;
import io.capstan.serving.spi.ServingMetrics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
    /** How often monitors look for closed windows and rules step over new ones. */
    private static final Duration MONITOR_TICK = Duration.ofSeconds(5);
    /** How often due alert deliveries are sent. */
    private static final Duration DELIVERY_TICK = Duration.ofSeconds(2);
    /** How long a retrain command may run before it is killed. */
    private static final Duration RETRAIN_COMMAND_TIMEOUT = Duration.ofHours(6);

    private final Database database;
    private final CapstanServer server;
    private final DeploymentManager deployments;
    private final CapstanClient loopback;
    private final ScheduledExecutorService scheduler;
    private final Optional<FileInferenceLog> inferenceLog;
    private final Monitoring monitoring;

    /** The monitoring part's threads, stopped on close. */
    private record Monitoring(ScheduledExecutorService scheduler, ExecutorService drift, ExecutorService commands) {
        void close() {
            scheduler.shutdownNow();
            drift.shutdownNow();
            commands.shutdownNow();
        }
    }

    private Capstan(Database database, CapstanServer server, DeploymentManager deployments, CapstanClient loopback,
            ScheduledExecutorService scheduler, Optional<FileInferenceLog> inferenceLog, Monitoring monitoring) {
        this.monitoring = monitoring;
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
        Monitoring monitoring = null;
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
                    FileInferenceLogConfig.defaults(dir)
                            .withSampler(new io.capstan.serving.inferencelog.RequestSampler(config.inferenceLogSampleRate()))
                            .withDurability(config.inferenceLogDurability().equals("async")
                                    ? io.capstan.serving.inferencelog.Durability.ASYNC
                                    : io.capstan.serving.inferencelog.Durability.SYNC),
                    Thread.ofPlatform().name("capstan-inference-log").daemon(true).factory()));
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

            // monitors read the deployments' inference log and CSV/Parquet files; windows and alert
            // states live in the metadata store, so replicas on one PostgreSQL share them
            PrometheusMonitorMetrics monitorMetrics = new PrometheusMonitorMetrics();
            monitoring = new Monitoring(Executors.newScheduledThreadPool(2,
                    Thread.ofPlatform().name("capstan-monitors-", 0).daemon(true).factory()),
                    Executors.newFixedThreadPool(2, Thread.ofPlatform().name("capstan-drift-", 0).daemon(true).factory()),
                    new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16),
                            Thread.ofPlatform().name("capstan-retrain").daemon(true).factory()));
            DuckDbTables files = new DuckDbTables(1);
            Path scratch = data.resolve("monitor-scratch");
            MonitorData monitorData = new MonitorData(files, new DuckDbWindowedTables(files, scratch, 1), runs,
                    registry, artifacts, config.monitorDataRoots().isEmpty() ? List.of(Path.of("").toAbsolutePath())
                            : config.monitorDataRoots(), scratch);
            String owner = ownerName(ids);
            SqlMonitorStore monitorStore = new SqlMonitorStore(database);
            MonitorService monitors = new MonitorService(monitorStore, new SqlGroundTruthStore(database),
                    InferenceLogTraffic.of(inferenceLog), monitorData, monitorData, monitorMetrics, monitoring.drift(),
                    clock, owner);
            AlertService alerts = new AlertService(new SqlAlertStore(database), monitorStore, deployedModels(deployments),
                    new HttpWebhooks(Duration.ofSeconds(10)), new ProcessRetrainCommands(
                            ProcessRetrainCommands.parse(config.retrainCommands()), RETRAIN_COMMAND_TIMEOUT),
                    monitoring.commands(), monitorMetrics, clock, ids, owner);

            Router router = new Router();
            new HealthRoutes().register(router);
            new DeploymentRoutes(deployments).register(router);
            new OipRoutes(deployments, MAX_INFERENCE_BYTES, metrics, recorder, statistics).register(router);
            new ScoringRoutes(deployments, MAX_INFERENCE_BYTES, metrics, recorder).registerDeployments(router);
            new MetricsRoutes(prometheus, monitorMetrics).register(router);
            new MonitorRoutes(monitors).register(router);
            new AlertRoutes(alerts).register(router);
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
            String host = hostName();
            monitoring.scheduler().scheduleWithFixedDelay(() -> {
                alerts.failAbandonedCommands(claimant -> serverGone(claimant, host));
                monitors.tick();
                alerts.tick();
            }, 1, MONITOR_TICK.toMillis(), TimeUnit.MILLISECONDS);
            monitoring.scheduler().scheduleWithFixedDelay(alerts::deliver, 1, DELIVERY_TICK.toMillis(),
                    TimeUnit.MILLISECONDS);
            return new Capstan(database, server, deployments, loopback.get(), scheduler, inferenceLog, monitoring);
        } catch (Exception | Error e) {
            if (monitoring != null) {
                monitoring.close();
            }
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
            monitoring.close();
            scheduler.shutdownNow();
            deployments.close();
            inferenceLog.ifPresent(FileInferenceLog::close);
            loopback.close();
            database.close();
        }
    }

    /** What a deployment serves, for retrain requests: its model and the version with the most traffic. */
    private static DeployedModels deployedModels(DeploymentManager deployments) {
        return name -> {
            try {
                var status = deployments.status(name);
                return status.weights().stream().max(java.util.Comparator.comparingInt(
                        io.capstan.serving.deploy.DeploymentSpec.TrafficSplit::weight))
                        .map(w -> new DeployedModels.DeployedModel(status.spec().model(), w.version()));
            } catch (io.capstan.core.CapstanException e) {
                return Optional.empty();
            }
        };
    }

    /** This server's name in window, delivery and retrain claims: {@code HOST:PID:RANDOM}. */
    private static String ownerName(IdGenerator ids) {
        return hostName() + ":" + ProcessHandle.current().pid() + ":" + ids.hex32().substring(0, 8);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /**
     * Whether the server of this name ({@link #ownerName}) is known to be gone: it ran on this host and its
     * process has ended. A server elsewhere cannot be checked from here, so it never counts as gone.
     */
    static boolean serverGone(String server, String thisHost) {
        int last = server.lastIndexOf(':');
        int middle = last < 1 ? -1 : server.lastIndexOf(':', last - 1);
        if (middle < 1 || !server.substring(0, middle).equals(thisHost)) {
            return false;
        }
        try {
            long pid = Long.parseLong(server.substring(middle + 1, last));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String hostForUri(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
