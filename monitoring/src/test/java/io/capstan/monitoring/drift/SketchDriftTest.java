package io.capstan.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.capstan.core.CapstanException;
import io.capstan.monitoring.report.DriftReportJson;
import io.capstan.monitoring.table.BooleanColumn;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.KolmogorovSmirnov;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sketch mode against the exact path on seeded data: equal where it claims exactness, within its bounds elsewhere. */
class SketchDriftTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final DatasetDrift exact = new DatasetDrift(executor);
    private final SketchDrift sketch = new SketchDrift();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static double[] normal(long seed, int n, double mean, double sd) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * random.nextGaussian();
        }
        return v;
    }

    private static double[] exponential(long seed, int n, double scale) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = -scale * Math.log(1 - random.nextDouble());
        }
        return v;
    }

    private static String[] categories(long seed, int n, double[] weights) {
        Random random = new Random(seed);
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int k = 0;
            while (k < weights.length - 1 && u > weights[k]) {
                u -= weights[k];
                k++;
            }
            v[i] = u < 0.02 ? null : "c" + k;
        }
        return v;
    }

    private DatasetDriftResult both(Table reference, Table current, DriftOptions options, SketchOptions settings,
            DatasetDriftResult[] exactOut) {
        exactOut[0] = exact.run(reference, current, options, DatasetDrift.Progress.NONE);
        return sketch.run(TableSketch.of(reference, settings), TableSketch.of(current, settings), options);
    }

    @Test
    void kolmogorovSmirnovFromAStatisticIsCommonsStatisticsAsymptoticP() {
        double[] x = normal(1, 20_000, 0, 1);
        double[] y = normal(2, 15_000, 0.03, 1);
        KolmogorovSmirnovTest ks = KolmogorovSmirnovTest.withDefaults().with(PValueMethod.ASYMPTOTIC);
        double d = ks.statistic(x, y);
        assertThat(KsAsymptotic.pValue(d, x.length, y.length)).isEqualTo(ks.test(x, y).getPValue());
    }

    @Test
    void theWalksKsStatisticIsDataSketchesOwn() {
        KllDoublesSketch a = KllDoublesSketch.newHeapInstance(200);
        KllDoublesSketch b = KllDoublesSketch.newHeapInstance(200);
        for (double v : normal(3, 50_000, 0, 1)) {
            a.update(v);
        }
        for (double v : normal(4, 40_000, 0.1, 1.2)) {
            b.update(v);
        }
        // DataSketches reads the CDFs at slightly different points; both are estimates within ε of the truth
        assertThat(SketchDrift.walk(a, b)[0]).isCloseTo(KolmogorovSmirnov.computeKSDelta(a, b),
                within(2 * a.getNormalizedRankError(false)));
    }

    @Test
    void smallSidesAreTestedExactlyAsOutsideSketchMode() {
        Table reference = Table.of(NumberColumn.ofDoubles("x", normal(5, 900, 0, 1)),
                NumberColumn.ofDoubles("y", exponential(6, 900, 1)),
                StringColumn.of("c", categories(7, 900, new double[] {0.5, 0.3, 0.2})),
                NumberColumn.ofLongs("i", longs(8, 900, 4)));
        Table current = Table.of(NumberColumn.ofDoubles("x", normal(9, 700, 0.2, 1)),
                NumberColumn.ofDoubles("y", exponential(10, 700, 1.3)),
                StringColumn.of("c", categories(11, 700, new double[] {0.4, 0.4, 0.2})),
                NumberColumn.ofLongs("i", longs(12, 700, 4)));
        DriftOptions options = DriftOptions.defaults().withExtras(DriftExtras.NONE.withMissingDrift(0.05, false)
                .withCorrection(Correction.HOLM).withEffectSizes(true));
        DatasetDriftResult[] e = new DatasetDriftResult[1];
        DatasetDriftResult s = both(reference, current, options, SketchOptions.defaults(), e);

        assertThat(s.columns()).hasSameSizeAs(e[0].columns());
        for (int i = 0; i < s.columns().size(); i++) {
            ColumnResult a = s.columns().get(i);
            ColumnResult b = e[0].columns().get(i);
            assertThat(a.result()).as(a.column()).isEqualTo(b.result());
            assertThat(a.corrected()).as(a.column()).isEqualTo(b.corrected());
            assertThat(a.missing()).as(a.column()).isEqualTo(b.missing());
            assertThat(a.effectSize()).as(a.column()).isEqualTo(b.effectSize());
            assertThat(a.scoreBounds()).isNull();
        }
        assertThat(s.datasetDrift()).isEqualTo(e[0].datasetDrift());
    }

    private static long[] longs(long seed, int n, int distinct) {
        Random random = new Random(seed);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(distinct);
        }
        return v;
    }

    @Test
    void categoricalColumnsOfAnySizeAreExact() {
        int n = 60_000;
        Table reference = Table.of(StringColumn.of("c", categories(13, n, new double[] {0.5, 0.3, 0.15, 0.05})),
                booleans(14, n, 0.3), NumberColumn.ofLongs("i", longs(15, n, 7)));
        Table current = Table.of(StringColumn.of("c", categories(16, n, new double[] {0.45, 0.3, 0.2, 0.05})),
                booleans(17, n, 0.32), NumberColumn.ofLongs("i", longs(18, n, 7)));
        for (StatTest test : List.of(StatTest.JENSENSHANNON, StatTest.CHISQUARE, StatTest.Z, StatTest.PSI,
                StatTest.KL_DIV, StatTest.HELLINGER)) {
            DriftOptions options = DriftOptions.defaults().withStattests(null, null, test, Map.of())
                    .withExtras(DriftExtras.NONE.withEffectSizes(true));
            DatasetDriftResult[] e = new DatasetDriftResult[1];
            DatasetDriftResult s = both(reference, current, options, SketchOptions.defaults(), e);
            for (int i = 0; i < s.columns().size(); i++) {
                assertThat(s.columns().get(i).result()).as(test.id()).isEqualTo(e[0].columns().get(i).result());
                assertThat(s.columns().get(i).effectSize()).isEqualTo(e[0].columns().get(i).effectSize());
                assertThat(s.columns().get(i).scoreBounds()).isNull();
            }
        }
    }

    private static BooleanColumn booleans(long seed, int n, double p) {
        Random random = new Random(seed);
        Boolean[] v = new Boolean[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble() < p;
        }
        return BooleanColumn.of("b", v);
    }

    /**
     * The stated bounds at several k: KS's statistic within ε_r + ε_c, its p-value and Wasserstein's normed
     * distance inside the reported bounds, Jensen–Shannon inside its (looser) ones, PSI close.
     */
    @Test
    void largeNumericalColumnsStayWithinTheStatedBounds() {
        int n = 200_000;
        Table reference = Table.of(NumberColumn.ofDoubles("n", normal(19, n, 0, 1)),
                NumberColumn.ofDoubles("e", exponential(20, n, 1)));
        Table current = Table.of(NumberColumn.ofDoubles("n", normal(21, 150_000, 0.01, 1.02)),
                NumberColumn.ofDoubles("e", exponential(22, 150_000, 1.05)));
        for (int k : new int[] {200, 2000, 8000}) {
            SketchOptions settings = new SketchOptions(k, 1000);
            TableSketch r = TableSketch.of(reference, settings);
            TableSketch c = TableSketch.of(current, settings);
            double epsilon = 2 * settings.rankError();
            for (String column : List.of("n", "e")) {
                double[] x = ((NumberColumn) reference.column(column).orElseThrow()).values();
                double[] y = ((NumberColumn) current.column(column).orElseThrow()).values();
                double d = KolmogorovSmirnovTest.withDefaults().statistic(x, y);
                double dSketch = SketchDrift.walk(r.column(column).orElseThrow().kll(), c.column(column).orElseThrow().kll())[0];
                assertThat(Math.abs(dSketch - d)).as("KS D, k=%d, %s", k, column).isLessThanOrEqualTo(epsilon);
            }
            for (StatTest test : List.of(StatTest.KS, StatTest.WASSERSTEIN, StatTest.JENSENSHANNON)) {
                DriftOptions options = DriftOptions.defaults().withStattests(test, null, null, Map.of());
                DatasetDriftResult e = exact.run(reference, current, options, DatasetDrift.Progress.NONE);
                DatasetDriftResult s = sketch.run(r, c, options);
                for (int i = 0; i < 2; i++) {
                    double truth = e.columns().get(i).result().score();
                    ScoreBounds bounds = s.columns().get(i).scoreBounds();
                    assertThat(bounds).isNotNull();
                    assertThat(truth).as("%s k=%d %s: %s in %s", test.id(), k, s.columns().get(i).column(), truth, bounds)
                            .isBetween(bounds.lower(), bounds.upper());
                }
            }
            DriftOptions psi = DriftOptions.defaults().withStattests(StatTest.PSI, null, null, Map.of());
            DatasetDriftResult e = exact.run(reference, current, psi, DatasetDrift.Progress.NONE);
            // no worst-case bound for PSI (it reads log-ratios of zero-filled tail bins), and sketches compact
            // at random: the largest error of ten sketchings, printed for docs/drift.md, stays under the threshold
            double[] worst = new double[2];
            for (int repeat = 0; repeat < 10; repeat++) {
                DatasetDriftResult s = sketch.run(repeat == 0 ? r : TableSketch.of(reference, settings),
                        repeat == 0 ? c : TableSketch.of(current, settings), psi);
                for (int i = 0; i < 2; i++) {
                    worst[i] = Math.max(worst[i],
                            Math.abs(s.columns().get(i).result().score() - e.columns().get(i).result().score()));
                }
            }
            for (int i = 0; i < 2; i++) {
                System.out.printf("psi k=%d %s exact=%.6f worst difference of 10=%.6f%n", k,
                        e.columns().get(i).column(), e.columns().get(i).result().score(), worst[i]);
                if (k >= 2000) {
                    assertThat(worst[i]).as("PSI k=%d", k).isLessThan(0.1);
                }
            }
        }
    }

    @Test
    void defaultsChooseEvidentlysTestsAndTheDecisionsAgree() {
        int n = 120_000;
        Table reference = Table.of(NumberColumn.ofDoubles("n", normal(23, n, 0, 1)),
                NumberColumn.ofDoubles("shifted", normal(24, n, 0, 1)),
                NumberColumn.ofDoubles("few", fewValues(25, n)));
        Table current = Table.of(NumberColumn.ofDoubles("n", normal(26, n, 0, 1)),
                NumberColumn.ofDoubles("shifted", normal(27, n, 0.5, 1)),
                NumberColumn.ofDoubles("few", fewValues(28, n)));
        DatasetDriftResult[] e = new DatasetDriftResult[1];
        DatasetDriftResult s = both(reference, current, DriftOptions.defaults(), SketchOptions.defaults(), e);
        for (int i = 0; i < 3; i++) {
            ColumnResult a = s.columns().get(i);
            ColumnResult b = e[0].columns().get(i);
            assertThat(a.result().stattest()).isEqualTo(b.result().stattest());
            assertThat(a.result().drifted()).isEqualTo(b.result().drifted());
        }
        assertThat(s.columns().get(0).result().stattest()).isEqualTo("wasserstein");
        // five distinct values: Jensen–Shannon over per-value counts, kept exactly
        assertThat(s.columns().get(2).result()).isEqualTo(e[0].columns().get(2).result());
        assertThat(DriftReportJson.toJson(s)).contains("\"sketch\"", "\"rank_error\"", "\"drift_score_bounds\"");
    }

    private static double[] fewValues(long seed, int n) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(5) * 0.5;
        }
        return v;
    }

    @Test
    void testsThatNeedEveryValueAreRefusedClearly() {
        Table reference = Table.of(NumberColumn.ofDoubles("x", normal(29, 20_000, 0, 1)),
                StringColumn.of("c", categories(30, 20_000, new double[] {0.5, 0.5})));
        Table current = Table.of(NumberColumn.ofDoubles("x", normal(31, 20_000, 0, 1)),
                StringColumn.of("c", categories(32, 20_000, new double[] {0.5, 0.5})));
        TableSketch r = TableSketch.of(reference, SketchOptions.defaults());
        TableSketch c = TableSketch.of(current, SketchOptions.defaults());
        assertThatThrownBy(() -> sketch.run(r, c, DriftOptions.defaults().withStattests(null, StatTest.ANDERSON,
                null, Map.of()))).isInstanceOf(CapstanException.class)
                .hasMessageStartingWith("Column 'x': stat test 'anderson' cannot run in sketch mode (it needs every value)");
        assertThatThrownBy(() -> sketch.run(r, c, DriftOptions.defaults().withStattests(null, null, StatTest.TVD,
                Map.of()))).isInstanceOf(CapstanException.class)
                .hasMessageStartingWith("Column 'c': stat test 'TVD' cannot run in sketch mode");
        assertThatThrownBy(() -> new SketchOptions(4, 10)).isInstanceOf(CapstanException.class)
                .hasMessage("Sketch k must be between 8 and 65535, got 4");
    }

    @Test
    void tooManyCategoriesAreSkippedOrRefusedWithTheCap() {
        String[] ids = new String[3000];
        String[] few = new String[3000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "id" + i;
            few[i] = "v" + (i % 300);
        }
        Table table = Table.of(StringColumn.of("id", ids), StringColumn.of("few", few),
                NumberColumn.ofDoubles("x", normal(33, 3000, 0, 1)));
        SketchOptions settings = new SketchOptions(200, 100);
        DatasetDriftResult s = sketch.run(TableSketch.of(table, settings), TableSketch.of(table, settings),
                DriftOptions.defaults());
        assertThat(s.skipped()).extracting(SkippedColumn::column).containsExactly("id", "few");
        assertThat(s.skipped().get(0).columnType()).isEqualTo(ColumnType.TEXT);
        assertThat(s.skipped().get(1).reason()).startsWith("more than 100 distinct values in the current data");
    }

    @Test
    void mismatchedKindsAreTheSameErrorsAsOutsideSketchMode() {
        Table reference = Table.of(StringColumn.of("x", "a", "b", "abc"));
        Table current = Table.of(NumberColumn.ofDoubles("x", 1.5, 2.5, 3.5));
        assertThatThrownBy(() -> sketch.run(TableSketch.of(reference, SketchOptions.defaults()),
                TableSketch.of(current, SketchOptions.defaults()), DriftOptions.defaults()))
                .hasMessage("Column 'x' holds numbers in the current data but string values in the reference (e.g. 'a')");
    }
}
