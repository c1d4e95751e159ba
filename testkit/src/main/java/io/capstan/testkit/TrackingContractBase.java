package io.capstan.testkit;

import io.capstan.tracking.Tag;
import io.capstan.tracking.spi.NewRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared set-up of the tracking contract suites: a fresh set of stores per test, and helpers
 * that create experiments and runs.
 */
public abstract class TrackingContractBase {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @TempDir
    protected Path dir;
    protected TrackingStores stores;

    /** Opens a fresh, empty backend (the Default experiment "0" present) in {@code dir}. */
    protected abstract TrackingStores createStores(Path dir) throws Exception;

    @BeforeEach
    void openStores() throws Exception {
        stores = createStores(dir);
    }

    @AfterEach
    void closeStores() throws Exception {
        if (stores != null) {
            stores.close();
        }
    }

    /** A unique name, so suites can share a database. */
    protected static String unique(String prefix) {
        return prefix + "-" + System.nanoTime() + "-" + COUNTER.incrementAndGet();
    }

    protected String newExperiment() {
        return stores.experiments().create(unique("exp"), id -> "mlflow-artifacts:/" + id, List.of(), 1000);
    }

    protected String newRun(String experimentId) {
        return newRun(experimentId, 1000, List.of());
    }

    protected String newRun(String experimentId, long startTime, List<Tag> tags) {
        String runId = hexId();
        stores.runs().create(new NewRun(runId, experimentId, unique("run"), "tester", startTime,
                "mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts", tags));
        return runId;
    }

    protected static String hexId() {
        return String.format("%032x", System.nanoTime() * 31 + COUNTER.incrementAndGet());
    }
}
