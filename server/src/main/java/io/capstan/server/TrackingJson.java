package io.capstan.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.tracking.DatasetInput;
import io.capstan.tracking.Experiment;
import io.capstan.tracking.LoggedModel;
import io.capstan.tracking.Metric;
import io.capstan.tracking.ModelInput;
import io.capstan.tracking.ModelOutput;
import io.capstan.tracking.Param;
import io.capstan.tracking.Run;
import io.capstan.tracking.RunInfo;
import io.capstan.tracking.Tag;

import java.util.List;

/**
 * Tracking entities in MLflow's JSON shapes: snake_case, int64 as numbers, unset fields and
 * empty lists omitted.
 */
final class TrackingJson {
    private TrackingJson() {
    }

    static ObjectNode experiment(Experiment e) {
        ObjectNode node = Exchange.object();
        node.put("experiment_id", e.experimentId());
        node.put("name", e.name());
        node.put("artifact_location", e.artifactLocation());
        node.put("lifecycle_stage", e.lifecycleStage().wire());
        node.put("last_update_time", e.lastUpdateTime());
        node.put("creation_time", e.creationTime());
        tags(node, "tags", e.tags());
        return node;
    }

    static ObjectNode runInfo(RunInfo info) {
        ObjectNode node = Exchange.object();
        node.put("run_uuid", info.runId());
        node.put("run_id", info.runId());
        if (info.runName() != null) {
            node.put("run_name", info.runName());
        }
        node.put("experiment_id", info.experimentId());
        node.put("user_id", info.userId() == null ? "" : info.userId());
        node.put("status", info.status().name());
        node.put("start_time", info.startTime());
        if (info.endTime() != null) {
            node.put("end_time", info.endTime());
        }
        node.put("artifact_uri", info.artifactUri());
        node.put("lifecycle_stage", info.lifecycleStage().wire());
        return node;
    }

    static ObjectNode run(Run run) {
        ObjectNode node = Exchange.object();
        node.set("info", runInfo(run.info()));
        ObjectNode data = node.putObject("data");
        if (!run.latestMetrics().isEmpty()) {
            ArrayNode metrics = data.putArray("metrics");
            run.latestMetrics().forEach(m -> metrics.add(metric(m)));
        }
        if (!run.params().isEmpty()) {
            ArrayNode params = data.putArray("params");
            run.params().forEach(p -> params.add(param(p)));
        }
        tags(data, "tags", run.tags());
        ObjectNode inputs = node.putObject("inputs");
        if (!run.datasetInputs().isEmpty()) {
            ArrayNode datasets = inputs.putArray("dataset_inputs");
            run.datasetInputs().forEach(d -> datasets.add(datasetInput(d)));
        }
        if (!run.modelInputs().isEmpty()) {
            ArrayNode models = inputs.putArray("model_inputs");
            for (ModelInput input : run.modelInputs()) {
                models.addObject().put("model_id", input.modelId());
            }
        }
        ObjectNode outputs = node.putObject("outputs");
        if (!run.modelOutputs().isEmpty()) {
            ArrayNode models = outputs.putArray("model_outputs");
            for (ModelOutput output : run.modelOutputs()) {
                models.addObject().put("model_id", output.modelId()).put("step", output.step());
            }
        }
        return node;
    }

    static ObjectNode metric(Metric m) {
        ObjectNode node = Exchange.object();
        node.put("key", m.key());
        node.put("value", m.value());
        node.put("timestamp", m.timestamp());
        node.put("step", m.step());
        if (m.datasetName() != null) {
            node.put("dataset_name", m.datasetName());
        }
        if (m.datasetDigest() != null) {
            node.put("dataset_digest", m.datasetDigest());
        }
        if (m.modelId() != null) {
            node.put("model_id", m.modelId());
        }
        return node;
    }

    static ObjectNode param(Param p) {
        ObjectNode node = Exchange.object();
        node.put("key", p.key());
        node.put("value", p.value());
        return node;
    }

    static void tags(ObjectNode parent, String field, List<Tag> tags) {
        if (tags.isEmpty()) {
            return;
        }
        ArrayNode array = parent.putArray(field);
        for (Tag tag : tags) {
            array.addObject().put("key", tag.key()).put("value", tag.value());
        }
    }

    static ObjectNode datasetInput(DatasetInput input) {
        ObjectNode node = Exchange.object();
        tags(node, "tags", input.tags());
        ObjectNode dataset = node.putObject("dataset");
        dataset.put("name", input.dataset().name());
        dataset.put("digest", input.dataset().digest());
        dataset.put("source_type", input.dataset().sourceType());
        dataset.put("source", input.dataset().source());
        if (input.dataset().schema() != null) {
            dataset.put("schema", input.dataset().schema());
        }
        if (input.dataset().profile() != null) {
            dataset.put("profile", input.dataset().profile());
        }
        return node;
    }

    static ObjectNode loggedModel(LoggedModel m) {
        ObjectNode node = Exchange.object();
        ObjectNode info = node.putObject("info");
        info.put("model_id", m.modelId());
        info.put("experiment_id", m.experimentId());
        info.put("name", m.name());
        info.put("creation_timestamp_ms", m.creationTimestampMs());
        info.put("last_updated_timestamp_ms", m.lastUpdatedTimestampMs());
        info.put("artifact_uri", m.artifactUri());
        info.put("status", m.status().name());
        if (m.modelType() != null) {
            info.put("model_type", m.modelType());
        }
        if (m.sourceRunId() != null) {
            info.put("source_run_id", m.sourceRunId());
        }
        if (m.statusMessage() != null) {
            info.put("status_message", m.statusMessage());
        }
        tags(info, "tags", m.tags());
        ObjectNode data = node.putObject("data");
        if (!m.params().isEmpty()) {
            ArrayNode params = data.putArray("params");
            m.params().forEach(p -> params.add(param(p)));
        }
        if (!m.metrics().isEmpty()) {
            ArrayNode metrics = data.putArray("metrics");
            m.metrics().forEach(x -> metrics.add(metric(x)));
        }
        return node;
    }
}
