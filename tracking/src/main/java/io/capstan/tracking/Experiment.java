package io.capstan.tracking;

import java.util.List;
import java.util.Objects;

/** An experiment: a named group of runs with an artifact location. */
public record Experiment(String experimentId, String name, String artifactLocation,
                         LifecycleStage lifecycleStage, long creationTime, long lastUpdateTime,
                         List<Tag> tags) {
    /** The experiment every store creates on first start, as MLflow does. */
    public static final String DEFAULT_ID = "0";
    public static final String DEFAULT_NAME = "Default";

    public Experiment {
        Objects.requireNonNull(experimentId, "experimentId is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(artifactLocation, "artifactLocation is null");
        Objects.requireNonNull(lifecycleStage, "lifecycleStage is null");
        tags = List.copyOf(tags);
    }
}
