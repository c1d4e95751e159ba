package io.capstan.registry;

import io.capstan.tracking.Tag;

import java.util.List;
import java.util.Objects;

/**
 * A named model in the registry with its summary: the newest version in each stage, its tags
 * and aliases.
 *
 * @param description may be null
 * @param userId may be null
 * @param latestVersions the newest non-deleted version per stage, by ascending version
 * @param tags sorted by key
 * @param aliases sorted by alias
 */
public record RegisteredModel(String name, long creationTimestamp, long lastUpdatedTimestamp, String description,
                              String userId, List<ModelVersion> latestVersions, List<Tag> tags,
                              List<RegisteredModelAlias> aliases) {
    public RegisteredModel {
        Objects.requireNonNull(name, "name is null");
        latestVersions = List.copyOf(latestVersions);
        tags = List.copyOf(tags);
        aliases = List.copyOf(aliases);
    }

    /**
     * Whether this is a prompt of MLflow's prompt registry rather than a model: tagged
     * {@code mlflow.prompt.is_prompt = true} (any letter case).
     */
    public boolean isPrompt() {
        return tags.stream().anyMatch(t -> t.key().equals(RegistryService.PROMPT_TAG)
                && t.value().equalsIgnoreCase("true"));
    }
}
