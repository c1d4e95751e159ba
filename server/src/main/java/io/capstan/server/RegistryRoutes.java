package io.capstan.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.artifacts.ArtifactPath;
import io.capstan.artifacts.spi.ArtifactStore;
import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.registry.ModelVersion;
import io.capstan.registry.RegisteredModel;
import io.capstan.registry.RegistryService;

import java.util.List;
import java.util.Objects;

/**
 * MLflow's model registry endpoints (registered models, versions, stages, aliases, tags) and the
 * UI's model-version artifact download.
 */
public final class RegistryRoutes {
    private final RegistryService registry;
    private final ArtifactStore artifacts;

    public RegistryRoutes(RegistryService registry, ArtifactStore artifacts) {
        this.registry = Objects.requireNonNull(registry, "registry is null");
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts is null");
    }

    public void register(Router router) {
        MlflowApi.add(router, "POST", "/registered-models/create", this::createModel);
        MlflowApi.add(router, "POST", "/registered-models/rename", this::renameModel);
        MlflowApi.add(router, "PATCH", "/registered-models/update", this::updateModel);
        MlflowApi.add(router, "DELETE", "/registered-models/delete", this::deleteModel);
        MlflowApi.add(router, "GET", "/registered-models/get", this::getModel);
        MlflowApi.add(router, "GET", "/registered-models/search", this::searchModels);
        MlflowApi.add(router, "POST", "/registered-models/get-latest-versions", this::latestVersions);
        MlflowApi.add(router, "GET", "/registered-models/get-latest-versions", this::latestVersions);
        MlflowApi.add(router, "POST", "/registered-models/set-tag", this::setModelTag);
        MlflowApi.add(router, "DELETE", "/registered-models/delete-tag", this::deleteModelTag);
        MlflowApi.add(router, "POST", "/registered-models/alias", this::setAlias);
        MlflowApi.add(router, "DELETE", "/registered-models/alias", this::deleteAlias);
        MlflowApi.add(router, "GET", "/registered-models/alias", this::getByAlias);

        MlflowApi.add(router, "POST", "/model-versions/create", this::createVersion);
        MlflowApi.add(router, "PATCH", "/model-versions/update", this::updateVersion);
        MlflowApi.add(router, "POST", "/model-versions/transition-stage", this::transitionStage);
        MlflowApi.add(router, "DELETE", "/model-versions/delete", this::deleteVersion);
        MlflowApi.add(router, "GET", "/model-versions/get", this::getVersion);
        MlflowApi.add(router, "GET", "/model-versions/search", this::searchVersions);
        MlflowApi.add(router, "GET", "/model-versions/get-download-uri", this::downloadUri);
        MlflowApi.add(router, "POST", "/model-versions/set-tag", this::setVersionTag);
        MlflowApi.add(router, "DELETE", "/model-versions/delete-tag", this::deleteVersionTag);
        router.add("GET", "/model-versions/get-artifact", this::getArtifact);
    }

    // ------------------------------------------------------------------ registered models

    private void createModel(Exchange ex) throws Exception {
        WireInput in = ex.input();
        ex.json(modelBody(registry.createRegisteredModel(in.requiredNonEmpty("name"), in.string("description"),
                in.messages("tags", ExperimentRoutes::tag))));
    }

    private void renameModel(Exchange ex) throws Exception {
        WireInput in = ex.input();
        ex.json(modelBody(registry.renameRegisteredModel(in.requiredNonEmpty("name"), in.requiredNonEmpty("new_name"))));
    }

    private void updateModel(Exchange ex) throws Exception {
        WireInput in = ex.input();
        ex.json(modelBody(registry.updateRegisteredModel(in.requiredNonEmpty("name"), in.string("description"))));
    }

    private void deleteModel(Exchange ex) throws Exception {
        registry.deleteRegisteredModel(ex.input().requiredNonEmpty("name"));
        ex.empty();
    }

    private void getModel(Exchange ex) throws Exception {
        ex.json(modelBody(registry.getRegisteredModel(ex.input().requiredNonEmpty("name"))));
    }

    private void searchModels(Exchange ex) throws Exception {
        WireInput in = ex.input();
        Page<RegisteredModel> page = registry.searchRegisteredModels(in.string("filter"), in.longValue("max_results"),
                in.strings("order_by"), in.string("page_token"));
        ObjectNode body = Exchange.object();
        if (!page.items().isEmpty()) {
            ArrayNode list = body.putArray("registered_models");
            page.items().forEach(m -> list.add(RegistryJson.registeredModel(m)));
        }
        if (page.nextPageToken() != null) {
            body.put("next_page_token", page.nextPageToken());
        }
        ex.json(body);
    }

    private void latestVersions(Exchange ex) throws Exception {
        WireInput in = ex.input();
        ex.json(versionsBody(registry.getLatestVersions(in.requiredNonEmpty("name"), in.strings("stages"))));
    }

    private void setModelTag(Exchange ex) throws Exception {
        WireInput in = ex.input();
        registry.setRegisteredModelTag(in.requiredNonEmpty("name"), in.requiredNonEmpty("key"), in.string("value"));
        ex.empty();
    }

    private void deleteModelTag(Exchange ex) throws Exception {
        WireInput in = ex.input();
        registry.deleteRegisteredModelTag(in.requiredNonEmpty("name"), in.requiredNonEmpty("key"));
        ex.empty();
    }

    private void setAlias(Exchange ex) throws Exception {
        WireInput in = ex.input();
        registry.setAlias(in.requiredNonEmpty("name"), in.requiredNonEmpty("alias"), in.requiredNonEmpty("version"));
        ex.empty();
    }

    private void deleteAlias(Exchange ex) throws Exception {
        WireInput in = ex.input();
        registry.deleteAlias(in.requiredNonEmpty("name"), in.requiredNonEmpty("alias"));
        ex.empty();
    }

    private void getByAlias(Exchange ex) throws Exception {
        WireInput in = ex.input();
        ex.json(versionBody(registry.getModelVersionByAlias(in.requiredNonEmpty("name"), in.requiredNonEmpty("alias"))));
    }

    // ------------------------------------------------------------------ model versions

    private void createVersion(Exchange ex) throws Exception {
        WireInput in = ex.input();
        ex.json(versionBody(registry.createModelVersion(in.requiredNonEmpty("name"), in.requiredNonEmpty("source"),
                in.string("run_id"), in.messages("tags", ExperimentRoutes::tag), in.string("run_link"),
                in.string("description"), in.string("model_id"))));
    }

    private void updateVersion(Exchange ex) throws Exception {
        WireInput in = ex.input();
        ex.json(versionBody(registry.updateModelVersion(in.requiredNonEmpty("name"), in.requiredNonEmpty("version"),
                in.string("description"))));
    }

    private void transitionStage(Exchange ex) throws Exception {
        WireInput in = ex.input();
        Boolean archive = in.bool("archive_existing_versions");
        ex.json(versionBody(registry.transitionModelVersionStage(in.requiredNonEmpty("name"),
                in.requiredNonEmpty("version"), in.requiredNonEmpty("stage"), Boolean.TRUE.equals(archive))));
    }

    private void deleteVersion(Exchange ex) throws Exception {
        WireInput in = ex.input();
        registry.deleteModelVersion(in.requiredNonEmpty("name"), in.requiredNonEmpty("version"));
        ex.empty();
    }

    private void getVersion(Exchange ex) throws Exception {
        WireInput in = ex.input();
        ex.json(versionBody(registry.getModelVersion(in.requiredNonEmpty("name"), in.requiredNonEmpty("version"))));
    }

    private void searchVersions(Exchange ex) throws Exception {
        WireInput in = ex.input();
        Page<ModelVersion> page = registry.searchModelVersions(in.string("filter"), in.longValue("max_results"),
                in.strings("order_by"), in.string("page_token"));
        ObjectNode body = versionsBody(page.items());
        if (page.nextPageToken() != null) {
            body.put("next_page_token", page.nextPageToken());
        }
        ex.json(body);
    }

    private void downloadUri(Exchange ex) throws Exception {
        WireInput in = ex.input();
        String uri = registry.getModelVersionDownloadUri(in.string("name"), in.string("version"));
        ex.json(Exchange.object().put("artifact_uri", uri));
    }

    private void setVersionTag(Exchange ex) throws Exception {
        WireInput in = ex.input();
        registry.setModelVersionTag(in.requiredNonEmpty("name"), in.requiredNonEmpty("version"),
                in.requiredNonEmpty("key"), in.string("value"));
        ex.empty();
    }

    private void deleteVersionTag(Exchange ex) throws Exception {
        WireInput in = ex.input();
        registry.deleteModelVersionTag(in.requiredNonEmpty("name"), in.requiredNonEmpty("version"),
                in.requiredNonEmpty("key"));
        ex.empty();
    }

    /** The UI's download of one file of a version, when this server stores its artifacts. */
    private void getArtifact(Exchange ex) throws Exception {
        WireInput in = WireInput.fromQuery(ex.query());
        String uri = registry.getModelVersionDownloadUri(in.string("name"), in.string("version"));
        ArtifactPath relative = ArtifactPath.parse(in.requiredNonEmpty("path"));
        ArtifactPath base = ArtifactRoutes.storePath(uri).orElseThrow(() -> CapstanException.invalid(
                "The artifacts of this model version are not stored by this server: %s", uri));
        var artifact = artifacts.open(base.resolve(relative))
                .orElseThrow(() -> CapstanException.notFound("File '%s' does not exist", relative));
        try (var content = artifact.content()) {
            ArtifactRoutes.noActiveContent(ex);
            ex.responseHeader("Content-Disposition", "attachment; filename=\"" + relative.name().replace("\"", "") + "\"");
            ex.stream(ArtifactRoutes.contentType(relative.name()), artifact.size(), content);
        }
    }

    private static ObjectNode modelBody(RegisteredModel model) {
        ObjectNode body = Exchange.object();
        body.set("registered_model", RegistryJson.registeredModel(model));
        return body;
    }

    private static ObjectNode versionBody(ModelVersion version) {
        ObjectNode body = Exchange.object();
        body.set("model_version", RegistryJson.modelVersion(version));
        return body;
    }

    private static ObjectNode versionsBody(List<ModelVersion> versions) {
        ObjectNode body = Exchange.object();
        if (!versions.isEmpty()) {
            ArrayNode list = body.putArray("model_versions");
            versions.forEach(v -> list.add(RegistryJson.modelVersion(v)));
        }
        return body;
    }
}
