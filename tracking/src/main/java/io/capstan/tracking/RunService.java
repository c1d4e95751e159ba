package io.capstan.tracking;

import io.capstan.core.CapstanException;
import io.capstan.core.IdGenerator;
import io.capstan.core.Page;
import io.capstan.core.PageToken;
import io.capstan.tracking.search.SearchGrammar;
import io.capstan.tracking.search.SearchSchema;
import io.capstan.tracking.spi.NewRun;
import io.capstan.tracking.spi.RunStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Run use cases with MLflow's validation and semantics: generated names, the
 * {@code mlflow.runName} mirror, batch limits, truncation of long values. Thread-safe.
 */
public final class RunService {
    /** The tag MLflow mirrors the run name into. */
    public static final String RUN_NAME_TAG = "mlflow.runName";
    public static final String USER_TAG = "mlflow.user";
    private static final int MAX_BULK_RUNS = 100;
    private static final int MAX_BULK_INTERVAL_RESULTS = 2500;

    private final RunStore store;
    private final ExperimentService experiments;
    private final Clock clock;
    private final IdGenerator ids;
    private final RunNames names;

    public RunService(RunStore store, ExperimentService experiments, Clock clock, IdGenerator ids) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.experiments = Objects.requireNonNull(experiments, "experiments is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.ids = Objects.requireNonNull(ids, "ids is null");
        this.names = new RunNames(ids);
    }

    /**
     * Creates a RUNNING run.
     *
     * @param experimentId null for the Default experiment
     * @param startTime null for now
     */
    public Run create(String experimentId, String userId, String runName, Long startTime, List<Tag> tags) {
        String expId = experimentId == null || experimentId.isEmpty() ? Experiment.DEFAULT_ID : experimentId;
        Experiment experiment = experiments.get(expId);
        ExperimentService.requireActive(experiment);
        List<Tag> cleanTags = new ArrayList<>();
        String tagName = null;
        for (Tag tag : dedupeTags(tags)) {
            Tag clean = validateTag(tag);
            if (clean.key().equals(RUN_NAME_TAG)) {
                tagName = clean.value();
            } else {
                cleanTags.add(clean);
            }
        }
        String name = runName != null && !runName.isEmpty() ? runName : tagName;
        if (runName != null && !runName.isEmpty() && tagName != null && !tagName.equals(runName)) {
            throw CapstanException.invalid("Both 'run_name' argument and 'mlflow.runName' tag are specified, but "
                    + "with different values (run_name='%s', mlflow.runName='%s').", runName, tagName);
        }
        if (name == null || name.isEmpty()) {
            name = names.next();
        }
        cleanTags.add(new Tag(RUN_NAME_TAG, name));
        String user = userId;
        if (user == null || user.isEmpty()) {
            user = cleanTags.stream().filter(t -> t.key().equals(USER_TAG)).map(Tag::value).findFirst().orElse("");
        }
        String runId = ids.hex32();
        String artifactUri = experiment.artifactLocation() + (experiment.artifactLocation().endsWith("/") ? "" : "/")
                + runId + "/artifacts";
        long start = startTime == null ? clock.millis() : startTime;
        return store.create(new NewRun(runId, expId, name, user, start, artifactUri, cleanTags));
    }

    public Run get(String runId) {
        Limits.validateRunId(runId);
        return store.get(runId).orElseThrow(() -> runNotFound(runId));
    }

    public RunInfo update(String runId, RunStatus status, Long endTime, String runName) {
        Limits.validateRunId(runId);
        if (runName != null) {
            Limits.checkLength(runName, Limits.MAX_TAG_VALUE_LENGTH, "run_name");
        }
        return store.update(runId, status, endTime, runName == null || runName.isEmpty() ? null : runName);
    }

    public void delete(String runId) {
        Limits.validateRunId(runId);
        store.setLifecycleStage(runId, LifecycleStage.DELETED, clock.millis());
    }

    public void restore(String runId) {
        Limits.validateRunId(runId);
        store.setLifecycleStage(runId, LifecycleStage.ACTIVE, clock.millis());
    }

    public void logMetric(String runId, Metric metric) {
        logBatch(runId, List.of(metric), List.of(), List.of());
    }

    public void logParam(String runId, Param param) {
        logBatch(runId, List.of(), List.of(param), List.of());
    }

    public void setTag(String runId, Tag tag) {
        logBatch(runId, List.of(), List.of(), List.of(tag));
    }

    /** Validates against MLflow's batch limits, truncates long values, then logs atomically. */
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        Limits.validateRunId(runId);
        if (metrics.size() > Limits.MAX_METRICS_PER_BATCH) {
            throw batchLimit(Limits.MAX_METRICS_PER_BATCH, "metrics", metrics.size());
        }
        if (params.size() > Limits.MAX_PARAMS_TAGS_PER_BATCH) {
            throw batchLimit(Limits.MAX_PARAMS_TAGS_PER_BATCH, "params", params.size());
        }
        if (tags.size() > Limits.MAX_PARAMS_TAGS_PER_BATCH) {
            throw batchLimit(Limits.MAX_PARAMS_TAGS_PER_BATCH, "tags", tags.size());
        }
        int total = metrics.size() + params.size() + tags.size();
        if (total > Limits.MAX_ENTITIES_PER_BATCH) {
            throw CapstanException.invalid("A batch logging request can contain at most %d metrics, params, and tags "
                    + "in total. Got %d total entities.", Limits.MAX_ENTITIES_PER_BATCH, total);
        }
        List<Metric> cleanMetrics = new ArrayList<>(metrics.size());
        for (Metric metric : metrics) {
            Limits.validateKey(metric.key(), "metric");
            if (metric.timestamp() < 0) {
                throw CapstanException.invalid("Invalid value %d for parameter 'timestamp' supplied.",
                        metric.timestamp());
            }
            cleanMetrics.add(clamped(metric));
        }
        List<Param> cleanParams = new ArrayList<>(params.size());
        Set<String> paramKeys = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (Param param : params) {
            Limits.validateKey(param.key(), "parameter");
            if (!paramKeys.add(param.key()) && !duplicates.contains(param.key())) {
                duplicates.add(param.key());
            }
            cleanParams.add(new Param(param.key(), Limits.truncate(param.value(), Limits.MAX_PARAM_VALUE_LENGTH)));
        }
        if (!duplicates.isEmpty()) {
            throw CapstanException.invalid("Duplicate parameter keys have been submitted: %s. Please ensure the "
                    + "request contains only one param value per param key.", duplicates);
        }
        List<Tag> cleanTags = new ArrayList<>(tags.size());
        for (Tag tag : dedupeTags(tags)) {
            cleanTags.add(validateTag(tag));
        }
        store.logBatch(runId, cleanMetrics, cleanParams, cleanTags);
    }

    /**
     * MLflow's SQL store keeps ±infinity as ±{@link Double#MAX_VALUE} (SQL has no infinity), so that is
     * what its clients read back, search on and see as the latest value; NaN stays NaN.
     */
    private static Metric clamped(Metric m) {
        if (!Double.isInfinite(m.value())) {
            return m;
        }
        double value = m.value() > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
        return new Metric(m.key(), value, m.timestamp(), m.step(), m.modelId(), m.datasetName(), m.datasetDigest());
    }

    public void deleteTag(String runId, String key) {
        Limits.validateRunId(runId);
        if (key == null || key.isEmpty()) {
            throw CapstanException.invalid("Missing value for required parameter 'key'.");
        }
        store.deleteTag(runId, key);
    }

    public void logInputs(String runId, List<DatasetInput> datasets, List<ModelInput> models) {
        Limits.validateRunId(runId);
        if (datasets.size() > Limits.MAX_DATASETS_PER_BATCH) {
            throw CapstanException.invalid("A batch logging request can contain at most %d datasets. Got %d "
                    + "datasets.", Limits.MAX_DATASETS_PER_BATCH, datasets.size());
        }
        for (DatasetInput input : datasets) {
            Dataset d = input.dataset();
            Limits.checkLength(d.name(), 500, "name");
            Limits.checkLength(d.digest(), 36, "digest");
            Limits.checkLength(d.source(), 65535, "source");
            Limits.checkLength(d.schema(), 1048575, "schema");
            Limits.checkLength(d.profile(), 16777215, "profile");
            for (Tag tag : input.tags()) {
                if (tag.key().isEmpty()) {
                    throw CapstanException.invalid("A key name must be provided.");
                }
                Limits.checkLength(tag.key(), 255, "key");
                Limits.checkLength(tag.value(), 500, "value");
            }
        }
        store.logInputs(runId, datasets, models);
    }

    public void logOutputs(String runId, List<ModelOutput> outputs) {
        Limits.validateRunId(runId);
        store.logOutputs(runId, outputs);
    }

    public Page<Run> search(List<String> experimentIds, String filter, ViewType viewType, long maxResults,
                            List<String> orderBy, String pageToken) {
        Limits.checkMaxResults(maxResults, Limits.MAX_RESULTS_RUNS);
        for (String id : experimentIds) {
            Limits.validateExperimentId(id);
        }
        var comparisons = SearchGrammar.parseFilter(SearchSchema.RUNS, filter);
        var order = SearchGrammar.parseOrderBy(SearchSchema.RUNS, orderBy);
        long offset = PageToken.offset(pageToken);
        if (experimentIds.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        return store.search(experimentIds, viewType, comparisons, order, (int) maxResults, offset);
    }

    public Page<Metric> metricHistory(String runId, String key, Integer maxResults, String pageToken) {
        Limits.validateRunId(runId);
        if (key == null || key.isEmpty()) {
            throw CapstanException.invalid("Missing value for required parameter 'metric_key'.");
        }
        if (maxResults != null && maxResults <= 0) {
            throw CapstanException.invalid("Invalid value %d for parameter 'max_results' supplied.", maxResults);
        }
        // MLflow answers an unknown run's history with an empty list, not an error
        return store.metricHistory(runId, key, maxResults, PageToken.offset(pageToken));
    }

    public List<RunMetric> metricHistoryBulkInterval(List<String> runIds, String key, Long startStep, Long endStep,
                                                     Integer maxResults) {
        if (runIds.isEmpty()) {
            throw CapstanException.invalid("GetMetricHistoryBulkInterval request must specify at least one run_id.");
        }
        if (runIds.size() > MAX_BULK_RUNS) {
            throw CapstanException.invalid("GetMetricHistoryBulkInterval request cannot specify more than %d run_ids. "
                    + "Received %d run_ids.", MAX_BULK_RUNS, runIds.size());
        }
        if (key == null || key.isEmpty()) {
            throw CapstanException.invalid("Missing value for required parameter 'metric_key'.");
        }
        int limit = maxResults == null ? MAX_BULK_INTERVAL_RESULTS : maxResults;
        if (limit <= 0 || limit > MAX_BULK_INTERVAL_RESULTS) {
            throw CapstanException.invalid("max_results must be between 1 and %d.", MAX_BULK_INTERVAL_RESULTS);
        }
        if (startStep != null && endStep != null && startStep > endStep) {
            throw CapstanException.invalid("end_step must be greater than start_step. Found start_step=%d and "
                    + "end_step=%d.", startStep, endStep);
        }
        for (String runId : runIds) {
            Limits.validateRunId(runId);
        }
        return store.metricHistoryBulkInterval(runIds, key, startStep, endStep, limit);
    }

    /** The not-found error MLflow gives for an unknown run. */
    public static CapstanException runNotFound(String runId) {
        return CapstanException.notFound("Run with id=%s not found", runId);
    }

    private static Tag validateTag(Tag tag) {
        Limits.validateKey(tag.key(), "tag");
        return new Tag(tag.key(), Limits.truncate(tag.value(), Limits.MAX_TAG_VALUE_LENGTH));
    }

    /** Later duplicates of a tag key overwrite earlier ones, as in MLflow's log-batch. */
    private static List<Tag> dedupeTags(List<Tag> tags) {
        Map<String, Tag> byKey = new LinkedHashMap<>();
        for (Tag tag : tags) {
            byKey.remove(tag.key());
            byKey.put(tag.key(), tag);
        }
        return List.copyOf(byKey.values());
    }

    private static CapstanException batchLimit(int limit, String what, int got) {
        return CapstanException.invalid("A batch logging request can contain at most %d %s. Got %d %s. Please "
                + "split up %s across multiple requests and try again.", limit, what, got, what, what);
    }
}
