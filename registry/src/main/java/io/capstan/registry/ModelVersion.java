package io.capstan.registry;

import io.capstan.tracking.Tag;

import java.util.List;
import java.util.Objects;

/**
 * One registered version of a model.
 *
 * @param version the number, 1 upwards, never reused within a model
 * @param description may be null
 * @param userId may be null
 * @param source the URI the client registered; may be null only for legacy rows
 * @param storageLocation where the artifacts really are (a run's or logged model's artifact
 *     URI resolved at registration); null when it is the source itself. Internal: never sent.
 * @param runId may be null
 * @param runLink may be null
 * @param statusMessage may be null
 * @param tags sorted by key
 * @param aliases the names of the aliases pointing here, sorted
 * @param modelId the MLflow 3 logged model this version was made from; may be null
 */
public record ModelVersion(String name, long version, long creationTimestamp, long lastUpdatedTimestamp,
                           String description, String userId, ModelVersionStage currentStage, String source,
                           String storageLocation, String runId, String runLink, ModelVersionStatus status,
                           String statusMessage, List<Tag> tags, List<String> aliases, String modelId) {
    public ModelVersion {
        Objects.requireNonNull(name, "name is null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive, got " + version);
        }
        Objects.requireNonNull(currentStage, "currentStage is null");
        Objects.requireNonNull(status, "status is null");
        tags = List.copyOf(tags);
        aliases = List.copyOf(aliases);
    }

    /** Where clients download this version from: the storage location if known, else the source. */
    public String downloadUri() {
        return storageLocation != null && !storageLocation.isEmpty() ? storageLocation : source;
    }
}
