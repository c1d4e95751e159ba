package io.capstan.registry.spi;

import io.capstan.tracking.Tag;

import java.util.List;
import java.util.Objects;

/**
 * A model version to register; the store picks its number.
 *
 * @param source the URI as the client gave it (or as the service rewrote it)
 * @param storageLocation the resolved artifact location; null when it is the source
 * @param runId may be null
 * @param runLink may be null
 * @param description may be null
 * @param modelId the MLflow 3 logged model; may be null
 * @param tags already validated, later keys win
 * @param now creation and last-update time, epoch milliseconds
 */
public record NewModelVersion(String name, String source, String storageLocation, String runId, String runLink,
                              String description, String modelId, List<Tag> tags, long now) {
    public NewModelVersion {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(source, "source is null");
        tags = List.copyOf(tags);
    }
}
