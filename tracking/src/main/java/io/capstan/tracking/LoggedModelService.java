package io.capstan.tracking;

import io.capstan.core.CapstanException;
import io.capstan.core.IdGenerator;
import io.capstan.core.Page;
import io.capstan.core.PageToken;
import io.capstan.tracking.search.OrderBy;
import io.capstan.tracking.search.SearchGrammar;
import io.capstan.tracking.search.SearchSchema;
import io.capstan.tracking.spi.LoggedModelStore;
import io.capstan.tracking.spi.NewLoggedModel;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** MLflow 3 logged-model use cases. Thread-safe. */
public final class LoggedModelService {
    private static final int DEFAULT_MAX_RESULTS = 100;

    private final LoggedModelStore store;
    private final ExperimentService experiments;
    private final Clock clock;
    private final IdGenerator ids;
    private final RunNames names;

    public LoggedModelService(LoggedModelStore store, ExperimentService experiments, Clock clock, IdGenerator ids) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.experiments = Objects.requireNonNull(experiments, "experiments is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.ids = Objects.requireNonNull(ids, "ids is null");
        this.names = new RunNames(ids);
    }

    public LoggedModel create(String experimentId, String name, String modelType, String sourceRunId,
                              List<Param> params, List<Tag> tags) {
        if (experimentId == null || experimentId.isEmpty()) {
            throw CapstanException.invalid("Missing value for required parameter 'experiment_id'.");
        }
        Experiment experiment = experiments.get(experimentId);
        ExperimentService.requireActive(experiment);
        for (Param param : params) {
            Limits.validateKey(param.key(), "parameter");
        }
        for (Tag tag : tags) {
            Limits.validateKey(tag.key(), "tag");
        }
        String modelId = "m-" + ids.hex32();
        String root = experiment.artifactLocation();
        String artifactUri = root + (root.endsWith("/") ? "" : "/") + "models/" + modelId + "/artifacts";
        String modelName = name == null || name.isEmpty() ? names.next() : name;
        return store.create(new NewLoggedModel(modelId, experimentId, modelName, modelType, sourceRunId,
                artifactUri, clock.millis(), params, tags));
    }

    public LoggedModel get(String modelId, boolean allowDeleted) {
        return store.get(modelId, allowDeleted).orElseThrow(() -> notFound(modelId));
    }

    public LoggedModel finalizeModel(String modelId, LoggedModelStatus status) {
        if (status == null) {
            throw CapstanException.invalid("Missing value for required parameter 'status'.");
        }
        return store.setStatus(modelId, status, null, clock.millis());
    }

    public void delete(String modelId) {
        store.delete(modelId, clock.millis());
    }

    public void setTags(String modelId, List<Tag> tags) {
        for (Tag tag : tags) {
            Limits.validateKey(tag.key(), "tag");
        }
        store.setTags(modelId, tags, clock.millis());
    }

    public void deleteTag(String modelId, String key) {
        store.deleteTag(modelId, key, clock.millis());
    }

    public void logParams(String modelId, List<Param> params) {
        for (Param param : params) {
            Limits.validateKey(param.key(), "parameter");
        }
        store.logParams(modelId, params, clock.millis());
    }

    /** @param orderBy already structured: the wire sends objects, not strings */
    public Page<LoggedModel> search(List<String> experimentIds, String filter, List<OrderBy> orderBy,
                                    Long maxResults, String pageToken) {
        if (experimentIds.isEmpty()) {
            throw CapstanException.invalid("Missing value for required parameter 'experiment_ids'.");
        }
        long limit = maxResults == null ? DEFAULT_MAX_RESULTS : maxResults;
        Limits.checkMaxResults(limit, Limits.MAX_RESULTS_RUNS);
        return store.search(experimentIds, SearchGrammar.parseFilter(SearchSchema.LOGGED_MODELS, filter), orderBy,
                (int) limit, PageToken.offset(pageToken));
    }

    public static CapstanException notFound(String modelId) {
        return CapstanException.notFound("Logged model with ID '%s' not found.", modelId);
    }
}
