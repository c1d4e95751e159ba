package io.capstan.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.capstan.core.CapstanException;
import io.capstan.monitoring.report.DriftReportHtml;
import io.capstan.monitoring.report.DriftReportJson;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The opt-in extras; statsmodels and SciPy check the same numbers in compat/drift/test_extras.py. */
class DriftExtrasTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final DatasetDrift drift = new DatasetDrift(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void correctionsFollowTheirFormulas() {
        double[] p = {0.01, 0.04, 0.03, 0.005};
        assertThat(Correction.BONFERRONI.adjust(p)).containsExactly(0.04, 0.16, 0.12, 0.02);
        // sorted 0.005, 0.01, 0.03, 0.04 -> 4p, 3p, 2p, 1p, running max
        assertThat(Correction.HOLM.adjust(p)).containsExactly(0.03, 0.06, 0.06, 0.02);
        // p * 4 / rank, running min from the top: 0.02, 0.02, 0.04, 0.04
        double[] bh = Correction.BENJAMINI_HOCHBERG.adjust(p);
        assertThat(bh[0]).isCloseTo(0.02, within(1e-15));
        assertThat(bh[1]).isCloseTo(0.04, within(1e-15));
        assertThat(bh[2]).isCloseTo(0.04, within(1e-15));
        assertThat(bh[3]).isCloseTo(0.02, within(1e-15));
        double c = 1 + 1 / 2.0 + 1 / 3.0 + 1 / 4.0;
        double[] by = Correction.BENJAMINI_YEKUTIELI.adjust(p);
        for (int i = 0; i < p.length; i++) {
            assertThat(by[i]).isCloseTo(Math.min(1, bh[i] * c), within(1e-15));
        }
        assertThat(Correction.BONFERRONI.adjust(new double[] {0.5, 0.9})).containsExactly(1.0, 1.0);
        assertThat(Correction.fromId("FDR_BH")).isEqualTo(Correction.BENJAMINI_HOCHBERG);
        assertThatThrownBy(() -> Correction.fromId("sidak")).isInstanceOf(CapstanException.class);
    }

    @Test
    void missingValueDriftPicksFisherForSmallCountsAndZOtherwise() {
        MissingValueDrift small = MissingValueDrift.test(1, 100, 6, 100, 0.05, false);
        assertThat(small.stattest()).isEqualTo("fisher_exact");
        MissingValueDrift large = MissingValueDrift.test(50, 1000, 90, 1000, 0.05, true);
        assertThat(large.stattest()).isEqualTo("z");
        assertThat(large.drifted()).isTrue();
        assertThat(large.referenceShare()).isEqualTo(0.05);
        MissingValueDrift none = MissingValueDrift.test(0, 1000, 0, 1000, 0.05, false);
        assertThat(none.pValue()).isEqualTo(1.0);
        assertThat(none.drifted()).isFalse();
    }

    @Test
    void effectSizesFollowTheirFormulas() {
        EffectSize.Numerical n = EffectSize.numerical(NumericColumn.of(1, 2, 3, 4), NumericColumn.of(3, 4, 5, 6));
        // both sample SDs are sqrt(5/3); d = 2 / sqrt(5/3)
        assertThat(n.cohensD()).isCloseTo(2 / Math.sqrt(5.0 / 3), within(1e-12));
        assertThat(n.medianShift()).isEqualTo(2.0);
        assertThat(n.stdShift()).isCloseTo(0.0, within(1e-15));
        assertThat(EffectSize.numerical(NumericColumn.of(1, 1), NumericColumn.of(1, 1)).cohensD()).isNaN();
        // a 2x2 table with no association, and one with full association
        assertThat(EffectSize.categorical(new String[] {"a", "b"}, new long[] {5, 5}, new long[] {10, 10}).cramersV())
                .isCloseTo(0.0, within(1e-15));
        EffectSize.Categorical full = EffectSize.categorical(new String[] {"a", "b"}, new long[] {10, 0}, new long[] {0, 10});
        assertThat(full.cramersV()).isCloseTo(1.0, within(1e-12));
        assertThat(full.largestShareChange()).isEqualTo(-1.0);
        assertThat(full.largestChangeValue()).isEqualTo("a");
    }

    private static Table table(long seed, int n, double shift, double missing) {
        Random random = new Random(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        String[] c = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian() + shift;
            y[i] = random.nextDouble() < missing ? Double.NaN : random.nextGaussian();
            c[i] = random.nextDouble() < 0.5 + shift / 10 ? "u" : "v";
        }
        return Table.of(NumberColumn.ofDoubles("x", x), NumberColumn.ofDoubles("y", y), StringColumn.of("c", c));
    }

    @Test
    void extrasLeaveEvidentlysNumbersAloneAndTheVoteUsesTheCorrectedDecisions() {
        Table reference = table(1, 600, 0, 0.02);
        Table current = table(2, 500, 0.15, 0.2);
        DatasetDriftResult plain = drift.run(reference, current, DriftOptions.defaults(), DatasetDrift.Progress.NONE);
        DriftOptions options = DriftOptions.defaults().withExtras(DriftExtras.NONE.withMissingDrift(0.01, true)
                .withCorrection(Correction.BONFERRONI).withEffectSizes(true));
        DatasetDriftResult extra = drift.run(reference, current, options, DatasetDrift.Progress.NONE);

        for (int i = 0; i < plain.columns().size(); i++) {
            assertThat(extra.columns().get(i).result()).isEqualTo(plain.columns().get(i).result());
        }
        assertThat(extra.numberOfCorrectedTests()).isEqualTo(6);
        ColumnResult y = extra.columns().get(1);
        assertThat(y.missing().decision()).isTrue();
        assertThat(y.drifted()).isTrue();
        for (ColumnResult c : extra.columns()) {
            assertThat(c.corrected().adjustedPValue()).isEqualTo(Math.min(1.0, 6 * c.result().score()));
        }
        assertThat(DriftReportJson.toJson(plain)).doesNotContain("missing_drift", "effect_size", "adjusted", "sketch");
        assertThat(DriftReportJson.toJson(extra)).contains("\"missing_drift\"", "\"effect_size\"",
                "\"adjusted_drift_score\"", "\"multiple_testing\"", "\"counts_as_drifted\"");
        assertThat(DriftReportHtml.render(extra, "r", "c")).contains("adjusted p (bonferroni)", "missing-share drift",
                "Cohen&#39;s d", "Cram");
    }

    @Test
    void missingDriftCountsOnlyWhenAskedTo() {
        Table reference = table(3, 600, 0, 0.0);
        Table current = table(4, 600, 0, 0.3);
        DatasetDriftResult reported = drift.run(reference, current,
                DriftOptions.defaults().withExtras(DriftExtras.NONE.withMissingDrift(0.05, false)),
                DatasetDrift.Progress.NONE);
        DatasetDriftResult counted = drift.run(reference, current,
                DriftOptions.defaults().withDriftShare(0.3).withExtras(DriftExtras.NONE.withMissingDrift(0.05, true)),
                DatasetDrift.Progress.NONE);
        assertThat(reported.numberOfMissingDriftColumns()).isEqualTo(1);
        assertThat(reported.numberOfDriftedColumns()).isZero();
        assertThat(counted.numberOfDriftedColumns()).isEqualTo(1);
        assertThat(counted.datasetDrift()).isTrue();
        assertThatThrownBy(() -> new DriftExtras(false, 0.05, true, null, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aColumnThatLostAllItsValuesShowsMissingValueDriftWhereItIsSkipped() {
        double[] full = new double[400];
        double[] gone = new double[300];
        java.util.Arrays.fill(gone, Double.NaN);
        Random random = new Random(5);
        for (int i = 0; i < full.length; i++) {
            full[i] = random.nextGaussian();
        }
        Table reference = Table.of(NumberColumn.ofDoubles("x", full), NumberColumn.ofDoubles("gone", full));
        Table current = Table.of(NumberColumn.ofDoubles("x", java.util.Arrays.copyOf(full, 300)),
                NumberColumn.ofDoubles("gone", gone));
        DatasetDriftResult result = drift.run(reference, current, DriftOptions.defaults().withExtras(
                DriftExtras.NONE.withMissingDrift(0.05, true).withCorrection(Correction.HOLM)), DatasetDrift.Progress.NONE);
        SkippedColumn skipped = result.skipped().get(0);
        assertThat(skipped.missing().stattest()).isEqualTo("z");
        assertThat(skipped.missing().currentShare()).isEqualTo(1.0);
        assertThat(skipped.missing().decision()).isTrue();
        assertThat(skipped.missing().corrected()).isNotNull();
        assertThat(result.numberOfMissingDriftColumns()).isEqualTo(1);
        assertThat(result.numberOfCorrectedTests()).isEqualTo(3);
        // reported, not voted: the vote is over tested columns, as Evidently's
        assertThat(result.numberOfDriftedColumns()).isZero();
        assertThat(DriftReportJson.toJson(result)).contains("\"reason\"", "\"missing_drift\"");
        SketchOptions settings = SketchOptions.defaults();
        DatasetDriftResult sketched = new SketchDrift().run(TableSketch.of(reference, settings),
                TableSketch.of(current, settings), DriftOptions.defaults().withExtras(
                        DriftExtras.NONE.withMissingDrift(0.05, true).withCorrection(Correction.HOLM)));
        assertThat(sketched.skipped()).isEqualTo(result.skipped());
    }
}
