package io.capstan.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.app.Capstan;
import io.capstan.app.CapstanConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.ModelVersionStatus;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.ExperimentTag;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.ModelVersionsPage;
import org.mlflow.tracking.Page;
import org.mlflow.tracking.RunsPage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The unmodified MLflow Java client ({@code org.mlflow:mlflow-client}) driving a live Capstan over
 * HTTP: tracking reads and writes, registry reads, and MLflow's error statuses. The client parses
 * responses into MLflow's own protobuf messages, so every assertion here is also a check of the
 * wire shape.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("deprecation") // the list-returning searchRuns overloads are still what many callers use
class MlflowJavaClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static Capstan capstan;
    private static MlflowClient client;

    @BeforeAll
    static void start() throws Exception {
        capstan = Capstan.start(new CapstanConfig("127.0.0.1", 0, "sqlite:///" + tmp + "/c.db", tmp.resolve("art"),
                "mlflow-artifacts:/", 64, "FULL", null));
        client = new MlflowClient("http://127.0.0.1:" + capstan.port());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (capstan != null) {
                capstan.close();
            }
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ------------------------------------------------------------------ experiments

    @Test
    void experimentLifecycle() {
        String name = unique("java-exp");
        String id = client.createExperiment(name);
        assertThat(id).isNotBlank();

        Experiment experiment = client.getExperiment(id);
        assertThat(experiment.getExperimentId()).isEqualTo(id);
        assertThat(experiment.getName()).isEqualTo(name);
        assertThat(experiment.getLifecycleStage()).isEqualTo("active");
        assertThat(experiment.getArtifactLocation()).isEqualTo("mlflow-artifacts:/" + id);
        assertThat(experiment.getCreationTime()).isPositive();

        assertThat(client.getExperimentByName(name)).map(Experiment::getExperimentId).contains(id);
        assertThat(client.getExperimentByName(unique("no-such-experiment"))).isEmpty();

        client.setExperimentTag(id, "team", "capstan");
        client.setExperimentTag(id, "team", "capstan-2");
        assertThat(tags(client.getExperiment(id).getTagsList())).containsEntry("team", "capstan-2");

        String renamed = name + "-renamed";
        client.renameExperiment(id, renamed);
        assertThat(client.getExperiment(id).getName()).isEqualTo(renamed);
        assertThat(client.getExperimentByName(renamed)).map(Experiment::getExperimentId).contains(id);
        assertThat(client.getExperimentByName(name)).isEmpty();

        client.deleteExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
        assertThat(ids(client.searchExperiments("name = '" + renamed + "'", ViewType.ACTIVE_ONLY, 100, List.of())))
                .isEmpty();
        assertThat(ids(client.searchExperiments("name = '" + renamed + "'", ViewType.DELETED_ONLY, 100, List.of())))
                .containsExactly(id);

        client.restoreExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("active");
        assertThat(ids(client.searchExperiments("name = '" + renamed + "'"))).containsExactly(id);
    }

    @Test
    void searchExperimentsPagesWithTokens() {
        String prefix = unique("java-page");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(client.createExperiment(prefix + "-" + i));
        }
        String filter = "name LIKE '" + prefix + "-%'";

        ExperimentsPage first = client.searchExperiments(filter, ViewType.ACTIVE_ONLY, 2, List.of("name DESC"));
        assertThat(first.getItems()).hasSize(2);
        assertThat(first.hasNextPage()).isTrue();
        assertThat(first.getNextPageToken()).isPresent();

        List<String> seen = new ArrayList<>();
        int pages = 0;
        Page<Experiment> page = first;
        while (true) {
            pages++;
            for (Experiment e : page.getItems()) {
                seen.add(e.getExperimentId());
            }
            if (!page.hasNextPage() || pages > 10) {
                break;
            }
            page = page.getNextPage();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created.reversed());

        // an explicit page token, as a caller holding on to it would pass it
        ExperimentsPage second = client.searchExperiments(filter, ViewType.ACTIVE_ONLY, 2, List.of("name DESC"),
                first.getNextPageToken().orElseThrow());
        assertThat(ids(second)).containsExactly(created.get(2), created.get(1));
    }

    // ------------------------------------------------------------------ runs and logging

    @Test
    void runLifecycleAndLogging() {
        String experimentId = client.createExperiment(unique("java-runs"));
        RunInfo created = client.createRun(experimentId);
        String runId = created.getRunId();
        assertThat(runId).isNotBlank();
        assertThat(created.getExperimentId()).isEqualTo(experimentId);
        assertThat(created.getStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(created.getLifecycleStage()).isEqualTo("active");
        assertThat(created.getArtifactUri()).startsWith("mlflow-artifacts:/" + experimentId + "/" + runId);

        client.logParam(runId, "alpha", "0.5");
        // beyond int32 on both axes: the Java client sends int64 as JSON strings
        long bigTimestamp = 4_102_444_800_123L;
        long bigStep = 5_000_000_000L;
        client.logMetric(runId, "loss", 0.9, 1_700_000_000_000L, 1);
        client.logMetric(runId, "loss", 0.7, 1_700_000_000_500L, 2);
        client.logMetric(runId, "loss", 0.3, bigTimestamp, bigStep);
        client.logMetric(runId, "loss", -1.25, 1_700_000_001_000L, -3);
        client.logMetric(runId, "nan", Double.NaN, 1_700_000_000_000L, 0);
        client.setTag(runId, "stage", "train");
        client.setTag(runId, "temp", "x");
        client.deleteTag(runId, "temp");

        List<Metric> batchMetrics = List.of(
                Metric.newBuilder().setKey("acc").setValue(0.1).setTimestamp(1_700_000_000_000L).setStep(0).build(),
                Metric.newBuilder().setKey("acc").setValue(0.2).setTimestamp(1_700_000_000_001L).setStep(1).build(),
                Metric.newBuilder().setKey("acc").setValue(0.4).setTimestamp(1_700_000_000_002L).setStep(2).build());
        List<Param> batchParams = List.of(Param.newBuilder().setKey("optimizer").setValue("adam").build(),
                Param.newBuilder().setKey("layers").setValue("3").build());
        List<RunTag> batchTags = List.of(RunTag.newBuilder().setKey("framework").setValue("none").build());
        client.logBatch(runId, batchMetrics, batchParams, batchTags);

        Run run = client.getRun(runId);
        assertThat(run.getInfo().getRunId()).isEqualTo(runId);
        Map<String, String> params = run.getData().getParamsList().stream()
                .collect(Collectors.toMap(Param::getKey, Param::getValue, (a, b) -> b, TreeMap::new));
        assertThat(params).isEqualTo(Map.of("alpha", "0.5", "optimizer", "adam", "layers", "3"));
        Map<String, String> tags = run.getData().getTagsList().stream()
                .collect(Collectors.toMap(RunTag::getKey, RunTag::getValue, (a, b) -> b, TreeMap::new));
        assertThat(tags).containsEntry("stage", "train").containsEntry("framework", "none").doesNotContainKey("temp");
        Map<String, Metric> latest = run.getData().getMetricsList().stream()
                .collect(Collectors.toMap(Metric::getKey, m -> m));
        assertThat(latest).containsOnlyKeys("loss", "acc", "nan");
        // the latest value is the one at the largest step
        assertThat(latest.get("loss").getValue()).isEqualTo(0.3);
        assertThat(latest.get("loss").getStep()).isEqualTo(bigStep);
        assertThat(latest.get("loss").getTimestamp()).isEqualTo(bigTimestamp);
        assertThat(latest.get("acc").getValue()).isEqualTo(0.4);
        assertThat(latest.get("nan").getValue()).isNaN();

        List<Metric> history = new ArrayList<>(client.getMetricHistory(runId, "loss"));
        history.sort(Comparator.comparingLong(Metric::getStep));
        assertThat(history).extracting(Metric::getStep).containsExactly(-3L, 1L, 2L, bigStep);
        assertThat(history).extracting(Metric::getValue).containsExactly(-1.25, 0.9, 0.7, 0.3);
        assertThat(history).extracting(Metric::getTimestamp)
                .containsExactly(1_700_000_001_000L, 1_700_000_000_000L, 1_700_000_000_500L, bigTimestamp);
        assertThat(client.getMetricHistory(runId, "acc")).hasSize(3);
        assertThat(client.getMetricHistory(runId, "never-logged")).isEmpty();

        long endTime = 1_800_000_000_000L;
        client.setTerminated(runId, RunStatus.FINISHED, endTime);
        RunInfo finished = client.getRun(runId).getInfo();
        assertThat(finished.getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(finished.getEndTime()).isEqualTo(endTime);

        client.deleteRun(runId);
        assertThat(client.getRun(runId).getInfo().getLifecycleStage()).isEqualTo("deleted");
        assertThat(client.searchRuns(List.of(experimentId), null, ViewType.ACTIVE_ONLY)).isEmpty();
        assertThat(client.searchRuns(List.of(experimentId), null, ViewType.DELETED_ONLY))
                .extracting(RunInfo::getRunId).containsExactly(runId);

        client.restoreRun(runId);
        assertThat(client.getRun(runId).getInfo().getLifecycleStage()).isEqualTo("active");
        assertThat(client.listRunInfos(experimentId)).extracting(RunInfo::getRunId).containsExactly(runId);
    }

    @Test
    void searchRunsFiltersOrdersAndPages() {
        String experimentId = client.createExperiment(unique("java-search"));
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String runId = client.createRun(experimentId).getRunId();
            runIds.add(runId);
            client.logParam(runId, "model", i % 2 == 0 ? "a" : "b");
            client.logMetric(runId, "acc", i / 10.0, 1_700_000_000_000L + i, 0);
            client.setTag(runId, "index", Integer.toString(i));
        }
        // model 'a' runs: 0, 2, 4, 6; acc > 0.15 keeps 2, 4, 6; descending acc: 6, 4, 2
        String filter = "params.model = 'a' and metrics.acc > 0.15";
        List<String> order = List.of("metrics.acc DESC");
        RunsPage first = client.searchRuns(List.of(experimentId), filter, ViewType.ACTIVE_ONLY, 2, order);
        assertThat(first.getItems()).extracting(r -> r.getInfo().getRunId())
                .containsExactly(runIds.get(6), runIds.get(4));
        assertThat(first.hasNextPage()).isTrue();
        String token = first.getNextPageToken().orElseThrow();

        Page<Run> second = first.getNextPage();
        assertThat(second.getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(runIds.get(2));
        assertThat(second.hasNextPage()).isFalse();

        RunsPage viaToken = client.searchRuns(List.of(experimentId), filter, ViewType.ACTIVE_ONLY, 2, order, token);
        assertThat(viaToken.getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(runIds.get(2));

        // order by a tag ascending, paging through everything three at a time
        List<String> all = new ArrayList<>();
        Page<Run> page = client.searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY, 3, List.of("tags.index ASC"));
        for (int guard = 0; guard < 10; guard++) {
            page.getItems().forEach(r -> all.add(r.getInfo().getRunId()));
            if (!page.hasNextPage()) {
                break;
            }
            page = page.getNextPage();
        }
        assertThat(all).containsExactlyElementsOf(runIds);

        assertThat(client.searchRuns(List.of(experimentId), "attributes.run_id = '" + runIds.get(3) + "'"))
                .extracting(RunInfo::getRunId).containsExactly(runIds.get(3));
        assertThat(client.searchRuns(List.of(experimentId), "tags.index = '5'"))
                .extracting(RunInfo::getRunId).containsExactly(runIds.get(5));
    }

    // ------------------------------------------------------------------ registry reads

    @Test
    void registryReadsThroughTheJavaClient() throws Exception {
        String experimentId = client.createExperiment(unique("java-registry"));
        RunInfo run = client.createRun(experimentId);
        String name = unique("JavaModel");

        ObjectNode createModel = JSON.createObjectNode().put("name", name).put("description", "from java");
        // the Java client has no registry writes: create through its raw sendPost, as its users do
        client.sendPost("registered-models/create", createModel.toString());
        String source1 = run.getArtifactUri() + "/model";
        String source2 = run.getArtifactUri() + "/model2";
        JsonNode v1 = JSON.readTree(client.sendPost("model-versions/create", JSON.createObjectNode()
                .put("name", name).put("source", source1).put("run_id", run.getRunId()).toString()));
        assertThat(v1.at("/model_version/version").asText()).isEqualTo("1");
        JsonNode v2 = JSON.readTree(client.sendPost("model-versions/create", JSON.createObjectNode()
                .put("name", name).put("source", source2).put("run_id", run.getRunId()).toString()));
        assertThat(v2.at("/model_version/version").asText()).isEqualTo("2");
        client.sendPost("model-versions/transition-stage", JSON.createObjectNode().put("name", name)
                .put("version", "1").put("stage", "Production").put("archive_existing_versions", false).toString());

        RegisteredModel model = client.getRegisteredModel(name);
        assertThat(model.getName()).isEqualTo(name);
        assertThat(model.getDescription()).isEqualTo("from java");
        assertThat(model.getCreationTimestamp()).isPositive();
        assertThat(model.getLatestVersionsList()).extracting(ModelVersion::getVersion, ModelVersion::getCurrentStage)
                .containsExactlyInAnyOrder(tuple("1", "Production"),
                        tuple("2", "None"));

        assertThat(client.getLatestVersions(name)).extracting(ModelVersion::getVersion)
                .containsExactlyInAnyOrder("1", "2");
        assertThat(client.getLatestVersions(name, List.of("Production"))).extracting(ModelVersion::getVersion)
                .containsExactly("1");
        assertThat(client.getLatestVersions(name, List.of("Staging"))).isEmpty();

        ModelVersion version2 = client.getModelVersion(name, "2");
        assertThat(version2.getName()).isEqualTo(name);
        assertThat(version2.getVersion()).isEqualTo("2");
        assertThat(version2.getSource()).isEqualTo(source2);
        assertThat(version2.getRunId()).isEqualTo(run.getRunId());
        assertThat(version2.getStatus()).isEqualTo(ModelVersionStatus.READY);
        assertThat(version2.getCurrentStage()).isEqualTo("None");

        assertThat(client.getModelVersionDownloadUri(name, "1")).isEqualTo(source1);

        ModelVersionsPage all = client.searchModelVersions("name = '" + name + "'");
        assertThat(all.getItems()).extracting(ModelVersion::getVersion).containsExactlyInAnyOrder("1", "2");

        ModelVersionsPage firstPage = client.searchModelVersions("name = '" + name + "'", 1,
                List.of("version_number ASC"));
        assertThat(firstPage.getItems()).extracting(ModelVersion::getVersion).containsExactly("1");
        assertThat(firstPage.hasNextPage()).isTrue();
        Page<ModelVersion> secondPage = firstPage.getNextPage();
        assertThat(secondPage.getItems()).extracting(ModelVersion::getVersion).containsExactly("2");
        assertThat(secondPage.hasNextPage()).isFalse();

        assertThat(client.searchModelVersions("run_id = '" + run.getRunId() + "'").getItems()).hasSize(2);

        assertHttpError(() -> client.getModelVersion(name, "99"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertHttpError(() -> client.getRegisteredModel(unique("NoSuchModel")), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void unknownResourcesAre404() {
        String missingRun = "0123456789abcdef0123456789abcdef";
        assertHttpError(() -> client.getRun(missingRun), 404, "RESOURCE_DOES_NOT_EXIST");
        assertHttpError(() -> client.logMetric(missingRun, "m", 1.0), 404, "RESOURCE_DOES_NOT_EXIST");
        assertHttpError(() -> client.logParam(missingRun, "p", "v"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertHttpError(() -> client.setTag(missingRun, "t", "v"), 404, "RESOURCE_DOES_NOT_EXIST");
        // MLflow 3.17 answers an unknown run's metric history with an empty list, not an error
        assertThat(client.getMetricHistory(missingRun, "m")).isEmpty();
        assertHttpError(() -> client.deleteRun(missingRun), 404, "RESOURCE_DOES_NOT_EXIST");
        assertHttpError(() -> client.getExperiment("987654321"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertHttpError(() -> client.deleteExperiment("987654321"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void invalidParametersAre400() {
        String name = unique("java-errors");
        String experimentId = client.createExperiment(name);
        String runId = client.createRun(experimentId).getRunId();

        assertHttpError(() -> client.createExperiment(name), 400, "RESOURCE_ALREADY_EXISTS");
        assertHttpError(() -> client.createExperiment(""), 400, "INVALID_PARAMETER_VALUE");

        client.logParam(runId, "lr", "0.1");
        client.logParam(runId, "lr", "0.1"); // same value again is allowed
        assertHttpError(() -> client.logParam(runId, "lr", "0.2"), 400, "INVALID_PARAMETER_VALUE");
        assertHttpError(() -> client.logParam(runId, "bad\u0000key", "v"), 400, "INVALID_PARAMETER_VALUE");
        // MLflow (MLFLOW_TRUNCATE_LONG_VALUES, on by default) truncates long param values rather than refusing them
        client.logParam(runId, "long", "x".repeat(6001));
        assertHttpError(() -> client.logMetric(runId, "a/../b", 1.0), 400, "INVALID_PARAMETER_VALUE");

        List<Metric> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Metric.newBuilder().setKey("m").setValue(i).setTimestamp(1).setStep(i).build());
        }
        assertHttpError(() -> client.logBatch(runId, tooMany, List.of(), List.of()), 400, "INVALID_PARAMETER_VALUE");

        assertHttpError(() -> client.searchRuns(List.of(experimentId), "metrics.acc >>> 1"), 400,
                "INVALID_PARAMETER_VALUE");
        assertHttpError(() -> client.searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY, 50001), 400,
                "INVALID_PARAMETER_VALUE");
        assertHttpError(() -> client.searchExperiments("name = ", ViewType.ACTIVE_ONLY, 10, List.of()), 400,
                "INVALID_PARAMETER_VALUE");
        // a rejected request changed nothing
        assertThat(client.getRun(runId).getData().getParamsList()).extracting(Param::getKey, p -> p.getValue().length())
                .containsExactlyInAnyOrder(tuple("lr", 3),
                        tuple("long", 6000));
        assertThat(client.getRun(runId).getData().getMetricsList()).isEmpty();
    }

    /**
     * MLflow's {@code path_not_unique}: a key whose POSIX normal form differs from it, is ".", or
     * starts with ".." or "/" is refused for metrics, params and tags alike.
     */
    @Test
    void keysThatAreNotUniqueAsPathsAre400() {
        String runId = client.createRun(client.createExperiment(unique("java-keys"))).getRunId();
        List<String> wronglyAnswered = new ArrayList<>();
        for (String key : List.of("../escape", "/absolute", ".", "a/../../b", "a//b")) {
            Map<String, Runnable> calls = new TreeMap<>(Map.of(
                    "log-metric", () -> client.logMetric(runId, key, 1.0),
                    "log-parameter", () -> client.logParam(runId, key, "v"),
                    "set-tag", () -> client.setTag(runId, key, "v")));
            calls.forEach((endpoint, call) -> {
                try {
                    call.run();
                    wronglyAnswered.add(endpoint + " '" + key + "' -> 200");
                } catch (MlflowHttpException e) {
                    if (e.getStatusCode() != 400 || !errorCode(e).equals("INVALID_PARAMETER_VALUE")) {
                        wronglyAnswered.add(endpoint + " '" + key + "' -> " + e.getStatusCode() + " " + e.getBodyMessage());
                    }
                }
            });
        }
        assertThat(wronglyAnswered).as("keys MLflow refuses with 400 INVALID_PARAMETER_VALUE").isEmpty();
    }

    private static void assertHttpError(Runnable call, int status, String errorCode) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
                    assertThat(e.getStatusCode()).as("status of %s", e.getBodyMessage()).isEqualTo(status);
                    assertThat(errorCode(e)).as("error_code of %s", e.getBodyMessage()).isEqualTo(errorCode);
                });
    }

    private static String errorCode(MlflowHttpException e) {
        try {
            return JSON.readTree(e.getBodyMessage()).path("error_code").asText();
        } catch (Exception parse) {
            return "unparseable body: " + e.getBodyMessage();
        }
    }

    private static Map<String, String> tags(List<ExperimentTag> tags) {
        return tags.stream().collect(Collectors.toMap(ExperimentTag::getKey, ExperimentTag::getValue, (a, b) -> b,
                TreeMap::new));
    }

    private static List<String> ids(ExperimentsPage page) {
        return page.getItems().stream().map(Experiment::getExperimentId).toList();
    }
}
