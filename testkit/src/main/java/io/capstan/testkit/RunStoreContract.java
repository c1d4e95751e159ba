package io.capstan.testkit;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.core.Page;
import io.capstan.tracking.Dataset;
import io.capstan.tracking.DatasetInput;
import io.capstan.tracking.LifecycleStage;
import io.capstan.tracking.Metric;
import io.capstan.tracking.ModelInput;
import io.capstan.tracking.ModelOutput;
import io.capstan.tracking.Param;
import io.capstan.tracking.Run;
import io.capstan.tracking.RunMetric;
import io.capstan.tracking.RunStatus;
import io.capstan.tracking.Tag;
import io.capstan.tracking.ViewType;
import io.capstan.tracking.search.SearchGrammar;
import io.capstan.tracking.search.SearchSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link io.capstan.tracking.spi.RunStore} does. */
public abstract class RunStoreContract extends TrackingContractBase {

    private static void assertCode(Throwable t, ErrorCode code) {
        assertThat(t).isInstanceOf(CapstanException.class);
        assertThat(((CapstanException) t).code()).isEqualTo(code);
    }

    @Test
    void createsRunningActiveRun() {
        String exp = newExperiment();
        String id = newRun(exp, 123, List.of(new Tag("mlflow.user", "ann")));
        Run run = stores.runs().get(id).orElseThrow();
        assertThat(run.info().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(run.info().startTime()).isEqualTo(123);
        assertThat(run.info().endTime()).isNull();
        assertThat(run.info().experimentId()).isEqualTo(exp);
        assertThat(run.tags()).contains(new Tag("mlflow.user", "ann"));
        assertThat(stores.runs().get("0123456789abcdef0123456789abcdef")).isEmpty();
    }

    @Test
    void latestMetricIsMaxOfStepThenTimestampThenValue() {
        String run = newRun(newExperiment());
        stores.runs().logBatch(run, List.of(new Metric("loss", 5, 100, 1), new Metric("loss", 4, 50, 2),
                new Metric("loss", 9, 10, 0)), List.of(), List.of());
        assertThat(stores.runs().get(run).orElseThrow().latestMetrics()).containsExactly(new Metric("loss", 4, 50, 2));
        stores.runs().logBatch(run, List.of(new Metric("loss", 3, 60, 2)), List.of(), List.of());
        assertThat(stores.runs().get(run).orElseThrow().latestMetrics()).containsExactly(new Metric("loss", 3, 60, 2));
        stores.runs().logBatch(run, List.of(new Metric("loss", 7, 60, 2)), List.of(), List.of());
        assertThat(stores.runs().get(run).orElseThrow().latestMetrics()).containsExactly(new Metric("loss", 7, 60, 2));
        stores.runs().logBatch(run, List.of(new Metric("loss", 1, 1, 1)), List.of(), List.of());
        assertThat(stores.runs().get(run).orElseThrow().latestMetrics()).containsExactly(new Metric("loss", 7, 60, 2));
    }

    @Test
    void historyKeepsEveryPointButExactDuplicatesAndSpecialValues() {
        String run = newRun(newExperiment());
        List<Metric> points = List.of(new Metric("m", 1.5, 10, 0), new Metric("m", Double.NaN, 11, 1),
                new Metric("m", Double.POSITIVE_INFINITY, 12, 2), new Metric("m", Double.NEGATIVE_INFINITY, 13, 3));
        stores.runs().logBatch(run, points, List.of(), List.of());
        stores.runs().logBatch(run, points, List.of(), List.of());
        Page<Metric> history = stores.runs().metricHistory(run, "m", null, 0);
        assertThat(history.items()).hasSize(4);
        assertThat(history.items().get(1).value()).isNaN();
        assertThat(history.items().get(2).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(history.items().get(3).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(stores.runs().get(run).orElseThrow().latestMetrics().getFirst().value())
                .isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void historyStaysCompleteAndDeduplicatedAcrossLargeVolumes() {
        String run = newRun(newExperiment());
        // more points than any store buffers before reorganising them (SQLite stages 50,000)
        for (int batch = 0; batch < 520; batch++) {
            List<Metric> points = new ArrayList<>();
            for (int k = 0; k < 100; k++) {
                points.add(new Metric("k" + k, batch * 0.5, 1000 + batch, batch));
            }
            stores.runs().logBatch(run, points, List.of(), List.of());
        }
        // re-sending old points (a client retry) adds nothing
        stores.runs().logBatch(run, List.of(new Metric("k7", 0.5, 1001, 1), new Metric("k7", 259.5, 1519, 519)),
                List.of(), List.of());
        Page<Metric> history = stores.runs().metricHistory(run, "k7", null, 0);
        assertThat(history.items()).hasSize(520);
        assertThat(history.items()).extracting(Metric::step).isSorted();
        assertThat(stores.runs().metricHistory(run, "k99", 50, 500).items()).hasSize(20);
        assertThat(stores.runs().get(run).orElseThrow().latestMetrics()).hasSize(100)
                .allSatisfy(m -> assertThat(m.step()).isEqualTo(519));
        assertThat(stores.runs().metricHistoryBulkInterval(List.of(run), "k3", null, null, 2500)).hasSize(520);
    }

    @Test
    void historyPagesInStepOrder() {
        String run = newRun(newExperiment());
        List<Metric> points = new ArrayList<>();
        for (int i = 99; i >= 0; i--) {
            points.add(new Metric("p", i * 0.5, 1000 + i, i));
        }
        stores.runs().logBatch(run, points, List.of(), List.of());
        List<Long> steps = new ArrayList<>();
        long offset = 0;
        while (true) {
            Page<Metric> page = stores.runs().metricHistory(run, "p", 30, offset);
            page.items().forEach(m -> steps.add(m.step()));
            if (page.nextPageToken() == null) {
                break;
            }
            offset += 30;
        }
        assertThat(steps).hasSize(100).isSorted();
    }

    @Test
    void paramsAreImmutableAndBatchesAtomic() {
        String run = newRun(newExperiment());
        stores.runs().logBatch(run, List.of(), List.of(new Param("lr", "0.1")), List.of());
        stores.runs().logBatch(run, List.of(), List.of(new Param("lr", "0.1")), List.of());
        Throwable t = catchThrowable(() -> stores.runs().logBatch(run, List.of(new Metric("x", 1, 1, 0)),
                List.of(new Param("lr", "0.2")), List.of(new Tag("t", "v"))));
        assertCode(t, ErrorCode.INVALID_PARAMETER_VALUE);
        Run stored = stores.runs().get(run).orElseThrow();
        assertThat(stored.params()).containsExactly(new Param("lr", "0.1"));
        assertThat(stored.latestMetrics()).isEmpty();
        assertThat(stored.tags()).doesNotContain(new Tag("t", "v"));
    }

    @Test
    void tagsUpsertAndRunNameTagRenames() {
        String run = newRun(newExperiment());
        stores.runs().logBatch(run, List.of(), List.of(), List.of(new Tag("a", "1")));
        stores.runs().logBatch(run, List.of(), List.of(), List.of(new Tag("a", "2"), new Tag("mlflow.runName", "nice")));
        Run stored = stores.runs().get(run).orElseThrow();
        assertThat(stored.tags()).contains(new Tag("a", "2"), new Tag("mlflow.runName", "nice"));
        assertThat(stored.info().runName()).isEqualTo("nice");
        stores.runs().deleteTag(run, "a");
        assertThat(stores.runs().get(run).orElseThrow().tags()).doesNotContain(new Tag("a", "2"));
        assertCode(catchThrowable(() -> stores.runs().deleteTag(run, "a")), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @Test
    void updateChangesOnlyWhatIsGiven() {
        String run = newRun(newExperiment());
        stores.runs().update(run, RunStatus.FINISHED, 999L, null);
        var info = stores.runs().update(run, null, null, "renamed");
        assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(info.endTime()).isEqualTo(999L);
        assertThat(info.runName()).isEqualTo("renamed");
        assertThat(stores.runs().get(run).orElseThrow().tags()).contains(new Tag("mlflow.runName", "renamed"));
        // a finished run still accepts writes: lifecycle stage is not status
        stores.runs().logBatch(run, List.of(new Metric("after", 1, 1, 0)), List.of(), List.of());
    }

    @Test
    void deletedRunsRefuseWritesAndUnknownRunsAreNotFound() {
        String run = newRun(newExperiment());
        stores.runs().setLifecycleStage(run, LifecycleStage.DELETED, 5);
        assertThat(stores.runs().getInfo(run).orElseThrow().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertCode(catchThrowable(() -> stores.runs().logBatch(run, List.of(new Metric("x", 1, 1, 0)), List.of(),
                List.of())), ErrorCode.INVALID_PARAMETER_VALUE);
        assertCode(catchThrowable(() -> stores.runs().update(run, RunStatus.FAILED, null, null)),
                ErrorCode.INVALID_PARAMETER_VALUE);
        stores.runs().setLifecycleStage(run, LifecycleStage.ACTIVE, 6);
        stores.runs().logBatch(run, List.of(new Metric("x", 1, 1, 0)), List.of(), List.of());
        String missing = "fedcba9876543210fedcba9876543210";
        assertCode(catchThrowable(() -> stores.runs().logBatch(missing, List.of(new Metric("x", 1, 1, 0)), List.of(),
                List.of())), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertCode(catchThrowable(() -> stores.runs().setLifecycleStage(missing, LifecycleStage.DELETED, 1)),
                ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @Test
    void inputsAndOutputs() {
        String exp = newExperiment();
        String run = newRun(exp);
        Dataset ds = new Dataset("iris", "abc123", "local", "{\"uri\": \"x\"}", "{}", null);
        DatasetInput input = new DatasetInput(List.of(new Tag("mlflow.data.context", "training")), ds);
        stores.runs().logInputs(run, List.of(input), List.of(new ModelInput("m-1")));
        stores.runs().logInputs(run, List.of(input), List.of());
        stores.runs().logOutputs(run, List.of(new ModelOutput("m-2", 3)));
        Run stored = stores.runs().get(run).orElseThrow();
        assertThat(stored.datasetInputs()).containsExactly(input);
        assertThat(stored.modelInputs()).containsExactly(new ModelInput("m-1"));
        assertThat(stored.modelOutputs()).containsExactly(new ModelOutput("m-2", 3));
        var found = stores.runs().search(List.of(exp), ViewType.ACTIVE_ONLY,
                SearchGrammar.parseFilter(SearchSchema.RUNS, "datasets.name = 'iris' and datasets.context = 'training'"),
                List.of(), 10, 0);
        assertThat(found.items()).extracting(r -> r.info().runId()).containsExactly(run);
    }

    @Test
    void searchFiltersByMetricParamTagAndAttributes() {
        String exp = newExperiment();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String run = newRun(exp, 1000 + i, List.of(new Tag("group", i < 3 ? "Low" : "high")));
            stores.runs().logBatch(run, List.of(new Metric("acc", i / 10.0, 1, 0)),
                    List.of(new Param("model", i % 2 == 0 ? "tree" : "linear")), List.of());
            runs.add(run);
        }
        stores.runs().update(runs.get(5), RunStatus.FINISHED, 2000L, null);
        assertThat(ids(exp, "metrics.acc > 0.25")).containsExactly(runs.get(5), runs.get(4), runs.get(3));
        assertThat(ids(exp, "metrics.acc >= 0.2 and params.model = 'tree'")).containsExactly(runs.get(4), runs.get(2));
        assertThat(ids(exp, "tags.group LIKE 'l%'")).isEmpty();
        assertThat(ids(exp, "tags.group ILIKE 'l%'")).containsExactly(runs.get(2), runs.get(1), runs.get(0));
        assertThat(ids(exp, "tags.group != 'high'")).containsExactly(runs.get(2), runs.get(1), runs.get(0));
        assertThat(ids(exp, "attributes.status = 'FINISHED'")).containsExactly(runs.get(5));
        assertThat(ids(exp, "attributes.run_id IN ('" + runs.get(1) + "', '" + runs.get(3) + "')"))
                .containsExactly(runs.get(3), runs.get(1));
        assertThat(ids(exp, "attributes.start_time < 1002")).containsExactly(runs.get(1), runs.get(0));
        assertThat(ids(exp, "metrics.missing > 0")).isEmpty();
    }

    @Test
    void searchOrdersWithMissingValuesLast() {
        String exp = newExperiment();
        String a = newRun(exp, 1, List.of());
        String b = newRun(exp, 2, List.of());
        String c = newRun(exp, 3, List.of());
        String d = newRun(exp, 4, List.of());
        stores.runs().logBatch(a, List.of(new Metric("m", 2, 1, 0)), List.of(), List.of());
        stores.runs().logBatch(b, List.of(new Metric("m", 1, 1, 0)), List.of(), List.of());
        stores.runs().logBatch(d, List.of(new Metric("m", Double.NaN, 1, 0)), List.of(), List.of());
        assertThat(ordered(exp, "metrics.m DESC")).containsExactly(a, b, d, c);
        assertThat(ordered(exp, "metrics.m ASC")).containsExactly(b, a, d, c);
        assertThat(ordered(exp, "attributes.start_time ASC")).containsExactly(a, b, c, d);
    }

    @Test
    void searchPagesReturnEveryRunOnceAndHonourViewType() {
        String exp = newExperiment();
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            all.add(newRun(exp, 5000 + (i % 4), List.of()));
        }
        List<String> seen = new ArrayList<>();
        long offset = 0;
        while (true) {
            Page<Run> page = stores.runs().search(List.of(exp), ViewType.ACTIVE_ONLY, List.of(), List.of(), 5, offset);
            page.items().forEach(r -> seen.add(r.info().runId()));
            if (page.nextPageToken() == null) {
                break;
            }
            offset += 5;
        }
        assertThat(seen).hasSize(23).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(all);
        String gone = seen.getFirst();
        stores.runs().setLifecycleStage(gone, LifecycleStage.DELETED, 1);
        assertThat(stores.runs().search(List.of(exp), ViewType.DELETED_ONLY, List.of(), List.of(), 100, 0).items())
                .extracting(r -> r.info().runId()).containsExactly(gone);
        assertThat(stores.runs().search(List.of(exp), ViewType.ACTIVE_ONLY, List.of(), List.of(), 100, 0).items())
                .hasSize(22);
    }

    @Test
    void bulkIntervalSamplesStepsKeepingFirstAndLast() {
        String run = newRun(newExperiment());
        List<Metric> points = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            points.add(new Metric("curve", i, 1000 + i, i));
        }
        stores.runs().logBatch(run, points, List.of(), List.of());
        List<RunMetric> sampled = stores.runs().metricHistoryBulkInterval(List.of(run), "curve", null, null, 10);
        assertThat(sampled).hasSizeBetween(10, 11);
        assertThat(sampled.getFirst().metric().step()).isZero();
        assertThat(sampled.getLast().metric().step()).isEqualTo(99);
        List<RunMetric> window = stores.runs().metricHistoryBulkInterval(List.of(run), "curve", 10L, 19L, 100);
        assertThat(window).extracting(p -> p.metric().step()).containsExactly(10L, 11L, 12L, 13L, 14L, 15L, 16L,
                17L, 18L, 19L);
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        String exp = newExperiment();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(newRun(exp));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        String run = runs.get((thread + i) % runs.size());
                        stores.runs().logBatch(run, List.of(new Metric("w" + thread, i, i, i)),
                                List.of(new Param("p" + thread + "-" + i, "v")), List.of(new Tag("t" + thread, "" + i)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int points = 0;
        int params = 0;
        for (String run : runs) {
            Run stored = stores.runs().get(run).orElseThrow();
            params += stored.params().size();
            for (Metric m : stored.latestMetrics()) {
                points += stores.runs().metricHistory(run, m.key(), null, 0).items().size();
            }
        }
        assertThat(points).isEqualTo(16 * 25);
        assertThat(params).isEqualTo(16 * 25);
    }

    private List<String> ids(String exp, String filter) {
        return stores.runs().search(List.of(exp), ViewType.ACTIVE_ONLY,
                SearchGrammar.parseFilter(SearchSchema.RUNS, filter), List.of(), 100, 0).items().stream()
                .map(r -> r.info().runId()).toList();
    }

    private List<String> ordered(String exp, String orderBy) {
        return stores.runs().search(List.of(exp), ViewType.ACTIVE_ONLY, List.of(),
                SearchGrammar.parseOrderBy(SearchSchema.RUNS, List.of(orderBy)), 100, 0).items().stream()
                .map(r -> r.info().runId()).toList();
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
