package io.capstan.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.tracking.Experiment;
import io.capstan.tracking.ExperimentService;
import io.capstan.tracking.Tag;
import io.capstan.tracking.ViewType;

import java.util.Objects;

/** MLflow's experiment endpoints. */
public final class ExperimentRoutes {
    private static final long DEFAULT_MAX_RESULTS = 1000;
    private final ExperimentService experiments;

    public ExperimentRoutes(ExperimentService experiments) {
        this.experiments = Objects.requireNonNull(experiments, "experiments is null");
    }

    public void register(Router router) {
        MlflowApi.add(router, "POST", "/experiments/create", this::create);
        MlflowApi.add(router, "GET", "/experiments/get", this::get);
        MlflowApi.add(router, "GET", "/experiments/get-by-name", this::getByName);
        MlflowApi.add(router, "POST", "/experiments/search", this::search);
        MlflowApi.add(router, "GET", "/experiments/search", this::search);
        MlflowApi.add(router, "POST", "/experiments/update", this::update);
        MlflowApi.add(router, "POST", "/experiments/delete", this::delete);
        MlflowApi.add(router, "POST", "/experiments/restore", this::restore);
        MlflowApi.add(router, "POST", "/experiments/set-experiment-tag", this::setTag);
        MlflowApi.add(router, "POST", "/experiments/delete-experiment-tag", this::deleteTag);
    }

    private void create(Exchange ex) throws Exception {
        WireInput in = ex.input();
        String name = in.requiredString("name");
        String id = experiments.create(name, in.string("artifact_location"), in.messages("tags", ExperimentRoutes::tag));
        ex.json(Exchange.object().put("experiment_id", id));
    }

    private void get(Exchange ex) throws Exception {
        Experiment experiment = experiments.get(ex.input().requiredString("experiment_id"));
        ObjectNode body = Exchange.object();
        body.set("experiment", TrackingJson.experiment(experiment));
        ex.json(body);
    }

    private void getByName(Exchange ex) throws Exception {
        Experiment experiment = experiments.getByName(ex.input().requiredString("experiment_name"));
        ObjectNode body = Exchange.object();
        body.set("experiment", TrackingJson.experiment(experiment));
        ex.json(body);
    }

    private void search(Exchange ex) throws Exception {
        WireInput in = ex.input();
        Long maxResults = in.longValue("max_results");
        Page<Experiment> page = experiments.search(viewType(in.string("view_type")), in.string("filter"),
                in.strings("order_by"), maxResults == null ? DEFAULT_MAX_RESULTS : maxResults, in.string("page_token"));
        ObjectNode body = Exchange.object();
        if (!page.items().isEmpty()) {
            ArrayNode list = body.putArray("experiments");
            page.items().forEach(e -> list.add(TrackingJson.experiment(e)));
        }
        if (page.nextPageToken() != null) {
            body.put("next_page_token", page.nextPageToken());
        }
        ex.json(body);
    }

    private void update(Exchange ex) throws Exception {
        WireInput in = ex.input();
        String newName = in.string("new_name");
        if (newName != null) {
            experiments.rename(in.requiredString("experiment_id"), newName);
        } else {
            experiments.get(in.requiredString("experiment_id"));
        }
        ex.empty();
    }

    private void delete(Exchange ex) throws Exception {
        experiments.delete(ex.input().requiredString("experiment_id"));
        ex.empty();
    }

    private void restore(Exchange ex) throws Exception {
        experiments.restore(ex.input().requiredString("experiment_id"));
        ex.empty();
    }

    private void setTag(Exchange ex) throws Exception {
        WireInput in = ex.input();
        experiments.setTag(in.requiredString("experiment_id"), new Tag(in.requiredString("key"), in.requiredString("value")));
        ex.empty();
    }

    private void deleteTag(Exchange ex) throws Exception {
        WireInput in = ex.input();
        experiments.deleteTag(in.requiredString("experiment_id"), in.requiredString("key"));
        ex.empty();
    }

    static Tag tag(WireInput in) {
        return new Tag(in.requiredString("key"), in.string("value") == null ? "" : in.string("value"));
    }

    /** A ViewType from its name or proto number; null means ACTIVE_ONLY. */
    static ViewType viewType(String text) {
        if (text == null || text.isEmpty()) {
            return ViewType.ACTIVE_ONLY;
        }
        return switch (text.toUpperCase(java.util.Locale.ROOT)) {
            case "ACTIVE_ONLY", "1" -> ViewType.ACTIVE_ONLY;
            case "DELETED_ONLY", "2" -> ViewType.DELETED_ONLY;
            case "ALL", "3" -> ViewType.ALL;
            default -> throw CapstanException.invalid("Invalid value %s for parameter 'view_type' supplied.", text);
        };
    }
}
