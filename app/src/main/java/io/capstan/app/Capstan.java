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
import io.capstan.store.sql.SqlExperimentStore;
import io.capstan.store.sql.SqlLoggedModelStore;
import io.capstan.store.sql.SqlRegistryStore;
import io.capstan.store.sql.SqlRunStore;
import io.capstan.tracking.ExperimentService;
import io.capstan.tracking.LoggedModelService;
import io.capstan.tracking.RunService;

import java.io.IOException;
import java.time.Clock;

/**
 * The composition root: builds the whole object graph with plain constructor calls, in one
 * readable place, from a {@link CapstanConfig}.
 */
public final class Capstan implements AutoCloseable {
    private final Database database;
    private final CapstanServer server;

    private Capstan(Database database, CapstanServer server) {
        this.database = database;
        this.server = server;
    }

    /** Opens the stores, wires services and routes, and starts the HTTP server. */
    public static Capstan start(CapstanConfig config) throws Exception {
        Clock clock = Clock.systemUTC();
        IdGenerator ids = IdGenerator.secure();
        DatabaseOptions defaults = DatabaseOptions.defaults();
        Database database = Database.open(config.backendStoreUri(), new DatabaseOptions(defaults.readPoolSize(),
                defaults.postgresPoolSize(), defaults.maxGroupSize(), config.sqliteSynchronous()));
        try {
            LocalArtifactStore artifacts = openArtifacts(config, ids);

            ExperimentService experiments = new ExperimentService(
                    new SqlExperimentStore(database, defaultLocation(config), clock.millis()), clock,
                    config.defaultArtifactRoot());
            RunService runs = new RunService(new SqlRunStore(database), experiments, clock, ids);
            LoggedModelService loggedModels = new LoggedModelService(new SqlLoggedModelStore(database), experiments,
                    clock, ids);
            RegistryService registry = new RegistryService(new SqlRegistryStore(database), runs, loggedModels, clock);

            Router router = new Router();
            new HealthRoutes().register(router);
            new ExperimentRoutes(experiments).register(router);
            new RunRoutes(runs).register(router);
            new LoggedModelRoutes(loggedModels, artifacts).register(router);
            new ArtifactRoutes(artifacts, runs).register(router);
            new RegistryRoutes(registry, artifacts).register(router);
            // the web UI's files come from the capstan-ui jar on the classpath (module ui/)
            new UiRoutes(UiRoutes.classpath(Capstan.class.getClassLoader(), "capstan-ui")).register(router);

            CapstanServer server = new CapstanServer(config.host(), config.port(), config.workers(), router);
            server.start();
            return new Capstan(database, server);
        } catch (Exception | Error e) {
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
            database.close();
        }
    }
}
