package io.capstan.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.artifacts.ArtifactPath;
import io.capstan.artifacts.spi.ArtifactStore;
import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.tracking.LoggedModel;
import io.capstan.tracking.LoggedModelService;
import io.capstan.tracking.LoggedModelStatus;
import io.capstan.tracking.search.EntityKind;
import io.capstan.tracking.search.Identifier;
import io.capstan.tracking.search.OrderBy;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** MLflow 3 logged-model endpoints. */
public final class LoggedModelRoutes {
    private final LoggedModelService models;
    private final ArtifactStore artifacts;

    public LoggedModelRoutes(LoggedModelService models, ArtifactStore artifacts) {
        this.models = Objects.requireNonNull(models, "models is null");
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts is null");
    }

    public void register(Router router) {
        MlflowApi.add(router, "POST", "/logged-models", this::create);
        MlflowApi.add(router, "POST", "/logged-models/search", this::search);
        MlflowApi.add(router, "GET", "/logged-models/{model_id}", this::get);
        MlflowApi.add(router, "PATCH", "/logged-models/{model_id}", this::finalizeModel);
        MlflowApi.add(router, "DELETE", "/logged-models/{model_id}", this::delete);
        MlflowApi.add(router, "PATCH", "/logged-models/{model_id}/tags", this::setTags);
        MlflowApi.add(router, "DELETE", "/logged-models/{model_id}/tags/{tag_key}", this::deleteTag);
        MlflowApi.add(router, "POST", "/logged-models/{model_id}/params", this::logParams);
        MlflowApi.add(router, "GET", "/logged-models/{model_id}/artifacts/directories", this::listArtifacts);
    }

    private void create(Exchange ex) throws Exception {
        WireInput in = ex.input();
        LoggedModel model = models.create(in.string("experiment_id"), in.string("name"), in.string("model_type"),
                in.string("source_run_id"), in.messages("params", RunRoutes::param),
                in.messages("tags", ExperimentRoutes::tag));
        ex.json(modelBody(model));
    }

    private void get(Exchange ex) throws Exception {
        Boolean allowDeleted = ex.input().bool("allow_deleted");
        ex.json(modelBody(models.get(ex.pathParam("model_id"), Boolean.TRUE.equals(allowDeleted))));
    }

    private void finalizeModel(Exchange ex) throws Exception {
        String status = ex.input().string("status");
        LoggedModelStatus parsed;
        try {
            parsed = status == null ? null : LoggedModelStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CapstanException.invalid("Invalid value %s for parameter 'status' supplied.", status);
        }
        ex.json(modelBody(models.finalizeModel(ex.pathParam("model_id"), parsed)));
    }

    private void delete(Exchange ex) throws Exception {
        models.delete(ex.pathParam("model_id"));
        ex.empty();
    }

    private void setTags(Exchange ex) throws Exception {
        models.setTags(ex.pathParam("model_id"), ex.input().messages("tags", ExperimentRoutes::tag));
        ex.json(modelBody(models.get(ex.pathParam("model_id"), false)));
    }

    private void deleteTag(Exchange ex) throws Exception {
        models.deleteTag(ex.pathParam("model_id"), ex.pathParam("tag_key"));
        ex.empty();
    }

    private void logParams(Exchange ex) throws Exception {
        models.logParams(ex.pathParam("model_id"), ex.input().messages("params", RunRoutes::param));
        ex.empty();
    }

    private void search(Exchange ex) throws Exception {
        WireInput in = ex.input();
        List<OrderBy> orderBy = in.messages("order_by", LoggedModelRoutes::orderBy);
        Page<LoggedModel> page = models.search(in.strings("experiment_ids"), in.string("filter"), orderBy,
                in.longValue("max_results"), in.string("page_token"));
        ObjectNode body = Exchange.object();
        ArrayNode list = body.putArray("models");
        page.items().forEach(m -> list.add(TrackingJson.loggedModel(m)));
        if (page.nextPageToken() != null) {
            body.put("next_page_token", page.nextPageToken());
        }
        ex.json(body);
    }

    private void listArtifacts(Exchange ex) throws Exception {
        LoggedModel model = models.get(ex.pathParam("model_id"), false);
        ArtifactPath relative = ArtifactPath.parse(ex.input().string("artifact_directory_path"));
        ObjectNode body = Exchange.object();
        var base = ArtifactRoutes.storePath(model.artifactUri());
        if (base.isPresent()) {
            body.set("files", ArtifactRoutes.listRelative(artifacts, base.get(), relative));
        }
        ex.json(body);
    }

    private static ObjectNode modelBody(LoggedModel model) {
        ObjectNode body = Exchange.object();
        body.set("model", TrackingJson.loggedModel(model));
        return body;
    }

    private static OrderBy orderBy(WireInput in) {
        String field = in.requiredString("field_name");
        Boolean ascending = in.bool("ascending");
        Identifier id = field.startsWith("metrics.")
                ? new Identifier(EntityKind.METRIC, field.substring("metrics.".length()))
                : new Identifier(EntityKind.ATTRIBUTE, switch (field) {
                    case "creation_time" -> "creation_timestamp";
                    case "last_updated_time" -> "last_updated_timestamp";
                    default -> field;
                });
        return new OrderBy(id, ascending == null || ascending);
    }
}
