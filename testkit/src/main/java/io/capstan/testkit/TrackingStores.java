package io.capstan.testkit;

import io.capstan.tracking.spi.ExperimentStore;
import io.capstan.tracking.spi.LoggedModelStore;
import io.capstan.tracking.spi.RunStore;

import java.util.Objects;

/** The tracking ports of one backend, sharing one underlying database, for the contract suites. */
public record TrackingStores(ExperimentStore experiments, RunStore runs, LoggedModelStore loggedModels,
                             AutoCloseable resources) implements AutoCloseable {
    public TrackingStores {
        Objects.requireNonNull(experiments, "experiments is null");
        Objects.requireNonNull(runs, "runs is null");
        Objects.requireNonNull(loggedModels, "loggedModels is null");
        Objects.requireNonNull(resources, "resources is null");
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
