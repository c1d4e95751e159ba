package io.capstan.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.protocol.Json;
import io.capstan.tracking.Dataset;
import io.capstan.tracking.DatasetInput;
import io.capstan.tracking.Limits;
import io.capstan.tracking.Metric;
import io.capstan.tracking.ModelInput;
import io.capstan.tracking.ModelOutput;
import io.capstan.tracking.Param;
import io.capstan.tracking.Run;
import io.capstan.tracking.RunMetric;
import io.capstan.tracking.RunService;
import io.capstan.tracking.RunStatus;
import io.capstan.tracking.Tag;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** MLflow's run, logging and metric-history endpoints. */
public final class RunRoutes {
    private final RunService runs;

    public RunRoutes(RunService runs) {
        this.runs = Objects.requireNonNull(runs, "runs is null");
    }

    public void register(Router router) {
        MlflowApi.add(router, "POST", "/runs/create", this::create);
        MlflowApi.add(router, "GET", "/runs/get", this::get);
        MlflowApi.add(router, "POST", "/runs/update", this::update);
        MlflowApi.add(router, "POST", "/runs/delete", this::delete);
        MlflowApi.add(router, "POST", "/runs/restore", this::restore);
        MlflowApi.add(router, "POST", "/runs/log-metric", this::logMetric);
        MlflowApi.add(router, "POST", "/runs/log-parameter", this::logParam);
        MlflowApi.add(router, "POST", "/runs/set-tag", this::setTag);
        MlflowApi.add(router, "POST", "/runs/delete-tag", this::deleteTag);
        MlflowApi.add(router, "POST", "/runs/log-batch", this::logBatch);
        MlflowApi.add(router, "POST", "/runs/log-inputs", this::logInputs);
        MlflowApi.add(router, "POST", "/runs/outputs", this::logOutputs);
        MlflowApi.add(router, "POST", "/runs/log-model", this::logModelHistory);
        MlflowApi.add(router, "POST", "/runs/search", this::search);
        MlflowApi.add(router, "GET", "/runs/search", this::search);
        MlflowApi.add(router, "GET", "/metrics/get-history", this::metricHistory);
        MlflowApi.add(router, "GET", "/metrics/get-history-bulk-interval", this::bulkInterval);
        router.add("GET", "/ajax-api/2.0/mlflow/metrics/get-history-bulk", this::bulk);
    }

    /** The Python client sends run_id and the deprecated run_uuid; accept either. */
    static String runId(WireInput in) {
        String id = in.string("run_id");
        if (id == null || id.isEmpty()) {
            id = in.string("run_uuid");
        }
        if (id == null || id.isEmpty()) {
            throw WireInput.missing("run_id");
        }
        return id;
    }

    private void create(Exchange ex) throws Exception {
        WireInput in = ex.input();
        Run run = runs.create(in.string("experiment_id"), in.string("user_id"), in.string("run_name"),
                in.longValue("start_time"), in.messages("tags", ExperimentRoutes::tag));
        ex.json(runBody(run));
    }

    private void get(Exchange ex) throws Exception {
        ex.json(runBody(runs.get(runId(ex.input()))));
    }

    private static ObjectNode runBody(Run run) {
        ObjectNode body = Exchange.object();
        body.set("run", TrackingJson.run(run));
        return body;
    }

    private void update(Exchange ex) throws Exception {
        WireInput in = ex.input();
        String status = in.string("status");
        var info = runs.update(runId(in), status == null ? null : status(status), in.longValue("end_time"),
                in.string("run_name"));
        ObjectNode body = Exchange.object();
        body.set("run_info", TrackingJson.runInfo(info));
        ex.json(body);
    }

    private void delete(Exchange ex) throws Exception {
        runs.delete(runId(ex.input()));
        ex.empty();
    }

    private void restore(Exchange ex) throws Exception {
        runs.restore(runId(ex.input()));
        ex.empty();
    }

    private void logMetric(Exchange ex) throws Exception {
        WireInput in = ex.input();
        runs.logMetric(runId(in), metric(in));
        ex.empty();
    }

    private void logParam(Exchange ex) throws Exception {
        WireInput in = ex.input();
        runs.logParam(runId(in), param(in));
        ex.empty();
    }

    private void setTag(Exchange ex) throws Exception {
        WireInput in = ex.input();
        runs.setTag(runId(in), new Tag(in.requiredString("key"), in.requiredString("value")));
        ex.empty();
    }

    private void deleteTag(Exchange ex) throws Exception {
        WireInput in = ex.input();
        runs.deleteTag(runId(in), in.requiredString("key"));
        ex.empty();
    }

    private void logBatch(Exchange ex) throws Exception {
        WireInput in = ex.input();
        runs.logBatch(runId(in), in.messages("metrics", RunRoutes::metric), in.messages("params", RunRoutes::param),
                in.messages("tags", RunRoutes::tag));
        ex.empty();
    }

    private void logInputs(Exchange ex) throws Exception {
        WireInput in = ex.input();
        runs.logInputs(runId(in), in.messages("datasets", RunRoutes::datasetInput),
                in.messages("models", m -> new ModelInput(m.requiredString("model_id"))));
        ex.empty();
    }

    private void logOutputs(Exchange ex) throws Exception {
        WireInput in = ex.input();
        runs.logOutputs(runId(in), in.messages("models", m -> new ModelOutput(m.requiredString("model_id"),
                m.longValue("step") == null ? 0 : m.longValue("step"))));
        ex.empty();
    }

    /** Legacy (MLflow 1.x/2.x) log-model: appends the model JSON to the run's history tag. */
    private void logModelHistory(Exchange ex) throws Exception {
        WireInput in = ex.input();
        String runId = runId(in);
        String modelJson = in.requiredString("model_json");
        JsonNode model;
        try {
            model = Json.mapper().readTree(modelJson);
        } catch (JsonProcessingException e) {
            throw CapstanException.invalid("Invalid value for parameter 'model_json': not JSON (%s)",
                    e.getOriginalMessage());
        }
        for (String field : List.of("artifact_path", "flavors", "utc_time_created", "run_id")) {
            if (model == null || !model.isObject() || !model.has(field)) {
                throw CapstanException.invalid("Model json is missing mandatory fields: [%s]", field);
            }
        }
        Run run = runs.get(runId);
        String key = "mlflow.log-model.history";
        String existing = run.tags().stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse("[]");
        JsonNode parsed;
        try {
            parsed = Json.mapper().readTree(existing);
        } catch (JsonProcessingException e) {
            parsed = null;
        }
        // the tag is client-writable (set-tag): a value that is not a JSON list is the client's doing
        if (!(parsed instanceof ArrayNode history)) {
            throw CapstanException.invalid("Run '%s' has a '%s' tag that is not a JSON list", runId, key);
        }
        history.add(model);
        runs.setTag(runId, new Tag(key, Json.mapper().writeValueAsString(history)));
        ex.empty();
    }

    private void search(Exchange ex) throws Exception {
        WireInput in = ex.input();
        Long maxResults = in.longValue("max_results");
        Page<Run> page = runs.search(in.strings("experiment_ids"), in.string("filter"),
                ExperimentRoutes.viewType(in.string("run_view_type")),
                maxResults == null ? Limits.DEFAULT_MAX_RESULTS_RUNS : maxResults, in.strings("order_by"),
                in.string("page_token"));
        ObjectNode body = Exchange.object();
        if (!page.items().isEmpty()) {
            ArrayNode list = body.putArray("runs");
            page.items().forEach(r -> list.add(TrackingJson.run(r)));
        }
        if (page.nextPageToken() != null) {
            body.put("next_page_token", page.nextPageToken());
        }
        ex.json(body);
    }

    private void metricHistory(Exchange ex) throws Exception {
        WireInput in = ex.input();
        Page<Metric> page = runs.metricHistory(runId(in), in.requiredString("metric_key"), in.intValue("max_results"),
                in.string("page_token"));
        ObjectNode body = Exchange.object();
        if (!page.items().isEmpty()) {
            ArrayNode list = body.putArray("metrics");
            page.items().forEach(m -> list.add(TrackingJson.metric(m)));
        }
        if (page.nextPageToken() != null) {
            body.put("next_page_token", page.nextPageToken());
        }
        ex.json(body);
    }

    private void bulkInterval(Exchange ex) throws Exception {
        WireInput in = ex.input();
        List<RunMetric> points = runs.metricHistoryBulkInterval(in.strings("run_ids"), in.string("metric_key"),
                in.longValue("start_step"), in.longValue("end_step"), in.intValue("max_results"));
        ex.json(bulkBody(points));
    }

    /** The UI's older bulk history: whole histories of up to 100 runs. */
    private void bulk(Exchange ex) throws Exception {
        WireInput in = ex.input();
        List<String> runIds = in.strings("run_id");
        Integer max = in.intValue("max_results");
        List<RunMetric> points = new java.util.ArrayList<>();
        if (runIds.size() > 100) {
            throw CapstanException.invalid("GetMetricHistoryBulk request cannot specify more than 100 run_ids.");
        }
        int limit = max == null ? 25000 : Math.min(max, 25000);
        for (String id : runIds) {
            for (Metric m : runs.metricHistory(id, in.requiredString("metric_key"), limit, null).items()) {
                points.add(new RunMetric(id, m));
            }
        }
        ex.json(bulkBody(points));
    }

    private static ObjectNode bulkBody(List<RunMetric> points) {
        ObjectNode body = Exchange.object();
        if (!points.isEmpty()) {
            ArrayNode list = body.putArray("metrics");
            for (RunMetric p : points) {
                list.add(TrackingJson.metric(p.metric()).put("run_id", p.runId()));
            }
        }
        return body;
    }

    static Metric metric(WireInput in) {
        Long step = in.longValue("step");
        return new Metric(in.requiredString("key"), in.requiredDouble("value"), in.requiredLong("timestamp"),
                step == null ? 0 : step, blankToNull(in.string("model_id")), blankToNull(in.string("dataset_name")),
                blankToNull(in.string("dataset_digest")));
    }

    static Param param(WireInput in) {
        return new Param(in.requiredString("key"), in.requiredString("value"));
    }

    static Tag tag(WireInput in) {
        return new Tag(in.requiredString("key"), in.requiredString("value"));
    }

    private static DatasetInput datasetInput(WireInput in) {
        WireInput d = in.message("dataset");
        if (d == null) {
            throw WireInput.missing("dataset");
        }
        Dataset dataset = new Dataset(d.requiredString("name"), d.requiredString("digest"),
                d.requiredString("source_type"), d.requiredString("source"), d.string("schema"), d.string("profile"));
        return new DatasetInput(in.messages("tags", RunRoutes::tag), dataset);
    }

    static RunStatus status(String text) {
        try {
            return switch (text) {
                case "1" -> RunStatus.RUNNING;
                case "2" -> RunStatus.SCHEDULED;
                case "3" -> RunStatus.FINISHED;
                case "4" -> RunStatus.FAILED;
                case "5" -> RunStatus.KILLED;
                default -> RunStatus.valueOf(text.toUpperCase(Locale.ROOT));
            };
        } catch (IllegalArgumentException e) {
            throw CapstanException.invalid("Invalid value %s for parameter 'status' supplied.", text);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
