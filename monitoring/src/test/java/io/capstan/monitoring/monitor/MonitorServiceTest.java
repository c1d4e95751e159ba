package io.capstan.monitoring.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.drift.DriftOptions;
import io.capstan.monitoring.spi.WindowedTables;
import io.capstan.monitoring.table.InMemoryTables;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MonitorServiceTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    final MutableClock clock = new MutableClock(T0.plusSeconds(5));
    final Traffic traffic = new Traffic(true);
    final InMemoryTables references = new InMemoryTables();
    final InMemoryMonitorStore store = new InMemoryMonitorStore();
    final InMemoryGroundTruthStore groundTruth = new InMemoryGroundTruthStore();
    final ExecutorService executor = Executors.newFixedThreadPool(2);
    final WindowedTables noDatasets = (location, column, from, to) -> {
        throw CapstanException.notFound("no dataset %s", location);
    };
    MonitorService service;

    @BeforeEach
    void setUp() {
        Random random = new Random(7);
        double[] a = new double[500];
        double[] b = new double[500];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian();
            b[i] = random.nextGaussian();
        }
        references.put("ref", Table.of(NumberColumn.ofDoubles("f0", a), NumberColumn.ofDoubles("f1", b)));
        service = new MonitorService(store, groundTruth, traffic, noDatasets, references,
                io.capstan.monitoring.spi.MonitorMetrics.NONE, executor, clock, "test");
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    static MonitorSpec spec(String name, QualitySpec quality) {
        return new MonitorSpec(name, new MonitorSource.Deployment("iris"), "ref", List.of(), List.of(), HOUR,
                Duration.ofSeconds(30), 30, DriftOptions.defaults(), quality, null);
    }

    void serve(Instant windowStart, int rows, double mean, String prefix) {
        Random random = new Random(prefix.hashCode());
        for (int i = 0; i < rows; i++) {
            traffic.add("iris", Traffic.row(prefix + i, windowStart.plusSeconds(i % 3000), random, mean));
        }
    }

    @Test
    void startsWithTheWindowHoldingItsCreationAndEvaluatesItOnceClosedAndDelayed() {
        StoredMonitor m = service.put(spec("m", null));
        assertThat(m.spec().start()).isEqualTo(T0);
        serve(T0, 200, 0, "a");

        clock.set(T0.plus(HOUR).plusSeconds(10));
        service.tick();
        assertThat(store.storedStarts("m", Instant.EPOCH, Instant.MAX)).isEmpty();

        clock.set(T0.plus(HOUR).plusSeconds(31));
        service.tick();
        WindowResult w = service.window("m", T0);
        assertThat(w.status()).isEqualTo(WindowStatus.OK);
        assertThat(w.rows()).isEqualTo(200);
        assertThat(w.referenceRows()).isEqualTo(500);
        assertThat(w.columns()).extracting(WindowResult.ColumnScore::column).containsExactly("f0", "f1");
        assertThat(w.datasetDrift()).isFalse();
        assertThat(service.report("m", T0).driftJson()).contains("\"distribution\"");
        assertThat(service.report("m", T0).html()).contains("<html");

        service.tick();
        assertThat(store.storedStarts("m", Instant.EPOCH, Instant.MAX)).hasSize(1);
    }

    @Test
    void aShiftedWindowDrifts() {
        service.put(spec("m", null));
        serve(T0, 300, 0, "a");
        serve(T0.plus(HOUR), 300, 1.5, "b");
        clock.set(T0.plus(HOUR.multipliedBy(2)).plusSeconds(60));
        service.tick();

        assertThat(service.window("m", T0).datasetDrift()).isFalse();
        WindowResult shifted = service.window("m", T0.plus(HOUR));
        assertThat(shifted.datasetDrift()).isTrue();
        assertThat(shifted.columns().get(0).detected()).isTrue();
        assertThat(shifted.columns().get(1).detected()).isFalse();
        assertThat(service.windows("m", Instant.EPOCH, Instant.MAX, 10, null).items())
                .extracting(WindowResult::start).containsExactly(T0.plus(HOUR), T0);
    }

    @Test
    void theDriftExtrasCanBeSwitchedOnPerMonitor() {
        io.capstan.monitoring.drift.DriftOptions withExtras = DriftOptions.defaults().withExtras(
                new io.capstan.monitoring.drift.DriftExtras(true, 0.05, false,
                        io.capstan.monitoring.drift.Correction.fromId("bh"), true));
        MonitorSpec spec = new MonitorSpec("m", new MonitorSource.Deployment("iris"), "ref", List.of(), List.of(),
                HOUR, Duration.ZERO, 30, withExtras, null, null);
        assertThat(MonitorJson.spec(MonitorJson.json(spec.withStart(T0))).drift().extras())
                .isEqualTo(withExtras.extras());
        service.put(spec);
        serve(T0, 200, 1.5, "a");
        clock.set(T0.plus(HOUR));
        service.tick();
        String json = service.report("m", T0).driftJson();
        assertThat(json).contains("\"multiple_testing\"").contains("\"missing_drift\"").contains("\"effect_size\"");
        assertThat(service.window("m", T0).columns().get(0).detected()).isTrue();
    }

    @Test
    void aWindowWithTooFewRowsIsNotTested() {
        service.put(spec("m", null));
        serve(T0, 5, 0, "a");
        clock.set(T0.plus(HOUR).plusSeconds(60));
        service.tick();
        WindowResult w = service.window("m", T0);
        assertThat(w.status()).isEqualTo(WindowStatus.INSUFFICIENT_DATA);
        assertThat(w.message()).contains("5 row(s)").contains("min_rows (30)");
        assertThat(service.report("m", T0).present()).isFalse();
    }

    @Test
    void aReferenceThatCannotBeReadIsRefusedAtOnce() {
        assertThatThrownBy(() -> service.put(new MonitorSpec("m", new MonitorSource.Deployment("iris"), "missing",
                List.of(), List.of(), HOUR, Duration.ZERO, 30, DriftOptions.defaults(), null, null)))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST))
                .hasMessageContaining("reference 'missing'");
    }

    @Test
    void aReferenceGoneLaterIsAnErrorWindowNotAnException() {
        references.put("missing", references.read("ref"));
        service.put(new MonitorSpec("m", new MonitorSource.Deployment("iris"), "missing", List.of(), List.of(), HOUR,
                Duration.ZERO, 30, DriftOptions.defaults(), null, null));
        references.remove("missing");
        clock.set(T0.plus(HOUR));
        service.tick();
        WindowResult w = service.window("m", T0);
        assertThat(w.status()).isEqualTo(WindowStatus.ERROR);
        assertThat(w.message()).contains("reference 'missing'");
    }

    @Test
    void aReferenceEndingWithItsLabelColumnStillNamesTheFeatures() {
        Table withTarget = references.read("ref");
        double[] target = new double[withTarget.rowCount()];
        java.util.List<io.capstan.monitoring.table.TableColumn> columns = new java.util.ArrayList<>(withTarget.columns());
        columns.add(NumberColumn.ofDoubles("target", target));
        references.put("ref+target", Table.of(columns));
        service.put(new MonitorSpec("m", new MonitorSource.Deployment("iris"), "ref+target", List.of(), List.of(), HOUR,
                Duration.ZERO, 30, DriftOptions.defaults(), null, null));
        serve(T0, 50, 0, "a");
        clock.set(T0.plus(HOUR));
        service.tick();
        WindowResult w = service.window("m", T0);
        assertThat(w.columns()).extracting(WindowResult.ColumnScore::column).containsExactly("f0", "f1");
        assertThat(w.message()).contains("'target' taken for the label");
    }

    @Test
    void featureNamesThatDoNotFitAreAnErrorWindow() {
        service.put(new MonitorSpec("m", new MonitorSource.Deployment("iris"), "ref", List.of("a", "b", "c"),
                List.of(), HOUR, Duration.ZERO, 30, DriftOptions.defaults(), null, null));
        serve(T0, 50, 0, "a");
        clock.set(T0.plus(HOUR));
        service.tick();
        assertThat(service.window("m", T0).message()).contains("'feature_names' has 3 names but input 'x' has 2");
    }

    @Test
    void aPastStartIsBackfilledAFewWindowsPerTick() {
        Instant start = T0.minus(HOUR.multipliedBy(30));
        service.put(new MonitorSpec("m", new MonitorSource.Deployment("iris"), "ref", List.of(), List.of(), HOUR,
                Duration.ZERO, 1, DriftOptions.defaults(), null, start));
        clock.set(T0);
        service.tick();
        assertThat(store.storedStarts("m", Instant.EPOCH, Instant.MAX)).hasSize(MonitorService.WINDOWS_PER_TICK);
        service.tick();
        service.tick();
        assertThat(store.storedStarts("m", Instant.EPOCH, Instant.MAX)).hasSize(30)
                .first().isEqualTo(start);
    }

    @Test
    void aSecondServerDoesNotEvaluateAClaimedWindow() {
        service.put(spec("m", null));
        clock.set(T0.plus(HOUR).plusSeconds(60));
        assertThat(store.claim("m", T0, "other", clock.instant(), Duration.ofMinutes(5))).isTrue();
        service.tick();
        assertThat(store.storedStarts("m", Instant.EPOCH, Instant.MAX)).isEmpty();

        clock.advance(Duration.ofMinutes(6));
        service.tick();
        assertThat(store.storedStarts("m", Instant.EPOCH, Instant.MAX)).containsExactly(T0);
    }

    @Test
    void groundTruthPostedLaterGivesTheWindowItsQuality() {
        QualitySpec quality = new QualitySpec(QualitySpec.Task.CLASSIFICATION, "label", "probabilities", null, "1",
                List.of());
        service.put(spec("m", quality));
        serve(T0, 100, 0, "a");
        clock.set(T0.plus(HOUR).plusSeconds(60));
        service.tick();
        assertThat(service.window("m", T0).quality()).isNull();

        // the truth: label 1 exactly when the first feature is positive, except for ten flipped rows
        List<ServedPrediction> predicted = groundTruth.predictions("m", T0);
        assertThat(predicted).hasSize(100);
        java.util.List<GroundTruth> truths = new java.util.ArrayList<>();
        for (int i = 0; i < predicted.size(); i++) {
            String p = predicted.get(i).predictions().get(0);
            String truth = i < 10 ? (p.equals("1") ? "0" : "1") : p;
            truths.add(new GroundTruth(predicted.get(i).requestId(), List.of(truth)));
        }
        clock.advance(Duration.ofSeconds(5));
        assertThat(service.postGroundTruth(new MonitorJson.Labelled("iris", truths))).isEqualTo(100);
        clock.advance(Duration.ofSeconds(5));
        service.tick();

        Quality q = service.window("m", T0).quality();
        assertThat(q.labelledRows()).isEqualTo(100);
        assertThat(q.metrics().get("accuracy")).isEqualTo(0.9);
        assertThat(q.metrics()).containsKeys("precision", "recall", "f1", "auc");
    }

    @Test
    void aDeploymentMonitorNeedsRecordedTraffic() {
        MonitorService blind = new MonitorService(store, groundTruth, new Traffic(false), noDatasets, references,
                io.capstan.monitoring.spi.MonitorMetrics.NONE, executor, clock, "test");
        assertThatThrownBy(() -> blind.put(spec("m", null)))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining("--inference-log");
    }

    @Test
    void evaluateChecksItsWindow() {
        service.put(spec("m", null));
        assertThatThrownBy(() -> service.evaluate("m", T0.plusSeconds(1))).hasMessageContaining("not the start");
        assertThatThrownBy(() -> service.evaluate("m", T0)).hasMessageContaining("has not ended");
        assertThatThrownBy(() -> service.evaluate("nope", T0))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
        serve(T0, 40, 0, "a");
        clock.set(T0.plus(HOUR));
        assertThat(service.evaluate("m", T0).rows()).isEqualTo(40);
        serve(T0, 10, 0, "b");
        assertThat(service.evaluate("m", T0).rows()).isEqualTo(50);
    }

    @Test
    void replacingKeepsTheStartAndDeletingForgetsTheWindows() {
        service.put(spec("m", null));
        clock.set(T0.plus(HOUR.multipliedBy(3)));
        StoredMonitor replaced = service.put(spec("m", null));
        assertThat(replaced.spec().start()).isEqualTo(T0);
        service.tick();
        assertThat(store.storedStarts("m", Instant.EPOCH, Instant.MAX)).hasSize(2);
        service.delete("m");
        assertThatThrownBy(() -> service.get("m")).hasMessageContaining("does not exist");
        assertThat(store.storedStarts("m", Instant.EPOCH, Instant.MAX)).isEmpty();
    }
}
