package io.capstan.tracking.spi;

import io.capstan.tracking.Param;
import io.capstan.tracking.Tag;

import java.util.List;
import java.util.Objects;

/** A validated logged model about to be stored (status PENDING). */
public record NewLoggedModel(String modelId, String experimentId, String name, String modelType,
                             String sourceRunId, String artifactUri, long now,
                             List<Param> params, List<Tag> tags) {
    public NewLoggedModel {
        Objects.requireNonNull(modelId, "modelId is null");
        Objects.requireNonNull(experimentId, "experimentId is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(artifactUri, "artifactUri is null");
        params = List.copyOf(params);
        tags = List.copyOf(tags);
    }
}
