package io.capstan.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.registry.ModelVersion;
import io.capstan.registry.RegisteredModel;
import io.capstan.registry.RegisteredModelAlias;

/**
 * Registry entities in MLflow's JSON shapes ({@code model_registry.proto}, fields in proto order):
 * int64 as numbers, a version number as a string ({@code "version": "3"}), aliases as names on a
 * version and as {@code {alias, version}} on a model, unset fields and empty lists omitted. The
 * internal storage location of a version is never sent.
 */
final class RegistryJson {
    private RegistryJson() {
    }

    static ObjectNode registeredModel(RegisteredModel m) {
        ObjectNode node = Exchange.object();
        node.put("name", m.name());
        node.put("creation_timestamp", m.creationTimestamp());
        node.put("last_updated_timestamp", m.lastUpdatedTimestamp());
        if (m.userId() != null) {
            node.put("user_id", m.userId());
        }
        // MLflow leaves an empty description out of models (but not of versions)
        if (m.description() != null && !m.description().isEmpty()) {
            node.put("description", m.description());
        }
        if (!m.latestVersions().isEmpty()) {
            ArrayNode latest = node.putArray("latest_versions");
            m.latestVersions().forEach(v -> latest.add(modelVersion(v)));
        }
        TrackingJson.tags(node, "tags", m.tags());
        if (!m.aliases().isEmpty()) {
            ArrayNode aliases = node.putArray("aliases");
            for (RegisteredModelAlias alias : m.aliases()) {
                aliases.addObject().put("alias", alias.alias()).put("version", Long.toString(alias.version()));
            }
        }
        return node;
    }

    static ObjectNode modelVersion(ModelVersion v) {
        ObjectNode node = Exchange.object();
        node.put("name", v.name());
        node.put("version", Long.toString(v.version()));
        node.put("creation_timestamp", v.creationTimestamp());
        node.put("last_updated_timestamp", v.lastUpdatedTimestamp());
        if (v.userId() != null) {
            node.put("user_id", v.userId());
        }
        node.put("current_stage", v.currentStage().wire());
        if (v.description() != null) {
            node.put("description", v.description());
        }
        if (v.source() != null) {
            node.put("source", v.source());
        }
        if (v.runId() != null) {
            node.put("run_id", v.runId());
        }
        node.put("status", v.status().name());
        if (v.statusMessage() != null && !v.statusMessage().isEmpty()) {
            node.put("status_message", v.statusMessage());
        }
        TrackingJson.tags(node, "tags", v.tags());
        if (v.runLink() != null) {
            node.put("run_link", v.runLink());
        }
        if (!v.aliases().isEmpty()) {
            ArrayNode aliases = node.putArray("aliases");
            v.aliases().forEach(aliases::add);
        }
        if (v.modelId() != null) {
            node.put("model_id", v.modelId());
        }
        return node;
    }
}
