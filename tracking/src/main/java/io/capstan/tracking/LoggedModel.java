package io.capstan.tracking;

import java.util.List;
import java.util.Objects;

/**
 * An MLflow 3 logged model: a model stored under its experiment, linked to the run that made it.
 *
 * @param modelType may be null
 * @param sourceRunId may be null
 * @param statusMessage may be null
 * @param metrics the metric points logged with this model's id
 */
public record LoggedModel(String modelId, String experimentId, String name,
                          long creationTimestampMs, long lastUpdatedTimestampMs, String artifactUri,
                          LoggedModelStatus status, String modelType, String sourceRunId,
                          String statusMessage, LifecycleStage lifecycleStage, List<Tag> tags,
                          List<Param> params, List<Metric> metrics) {
    public LoggedModel {
        Objects.requireNonNull(modelId, "modelId is null");
        Objects.requireNonNull(experimentId, "experimentId is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(artifactUri, "artifactUri is null");
        Objects.requireNonNull(status, "status is null");
        Objects.requireNonNull(lifecycleStage, "lifecycleStage is null");
        tags = List.copyOf(tags);
        params = List.copyOf(params);
        metrics = List.copyOf(metrics);
    }
}
