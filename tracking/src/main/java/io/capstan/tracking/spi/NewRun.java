package io.capstan.tracking.spi;

import io.capstan.tracking.Tag;

import java.util.List;
import java.util.Objects;

/**
 * A validated run about to be stored. The service has already resolved the id, the name (and put
 * it in the {@code mlflow.runName} tag) and the artifact URI.
 */
public record NewRun(String runId, String experimentId, String runName, String userId,
                     long startTime, String artifactUri, List<Tag> tags) {
    public NewRun {
        Objects.requireNonNull(runId, "runId is null");
        Objects.requireNonNull(experimentId, "experimentId is null");
        Objects.requireNonNull(runName, "runName is null");
        Objects.requireNonNull(artifactUri, "artifactUri is null");
        tags = List.copyOf(tags);
    }
}
