package io.capstan.tracking;

import java.util.Objects;

/**
 * A run's attributes.
 *
 * @param endTime null while the run has not ended
 */
public record RunInfo(String runId, String runName, String experimentId, String userId,
                      RunStatus status, long startTime, Long endTime, String artifactUri,
                      LifecycleStage lifecycleStage) {
    public RunInfo {
        Objects.requireNonNull(runId, "runId is null");
        Objects.requireNonNull(experimentId, "experimentId is null");
        Objects.requireNonNull(status, "status is null");
        Objects.requireNonNull(artifactUri, "artifactUri is null");
        Objects.requireNonNull(lifecycleStage, "lifecycleStage is null");
    }
}
