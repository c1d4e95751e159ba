package io.capstan.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import org.junit.jupiter.api.Test;

/** Input handling and Evidently's decision rules at the threshold; the numbers are in EvidentlyGoldenTest. */
class ColumnDriftTest {

    @Test
    void numericColumnDropsNaNAndInfinity() {
        NumericColumn column = NumericColumn.of(1.0, Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.NEGATIVE_INFINITY);

        assertThat(column.values()).containsExactly(1.0, 0.0);
        assertThat(Double.doubleToRawLongBits(column.values()[1])).isZero();
    }

    @Test
    void categoricalColumnDropsNulls() {
        assertThat(CategoricalColumn.of("a", null, "b").values()).containsExactly("a", "b");
    }

    @Test
    void emptyColumnAfterDroppingMissingValuesIsRejected() {
        assertThatThrownBy(() -> ColumnDrift.test(StatTest.KS, NumericColumn.of(1, 2), NumericColumn.of(Double.NaN)))
                .isInstanceOf(CapstanException.class)
                .hasMessageContaining("empty column");
    }

    @Test
    void numericOnlyTestsRejectCategoricalColumns() {
        CategoricalColumn column = CategoricalColumn.of("a", "b");

        assertThatThrownBy(() -> ColumnDrift.test(StatTest.WASSERSTEIN, column, column))
                .isInstanceOf(CapstanException.class)
                .hasMessageContaining("numerical columns only");
    }

    @Test
    void ksDriftsAtThresholdButChiSquareDoesNotAndDistancesDo() {
        // Evidently: ks is p <= t, chisquare and z are p < t, every distance is d >= t
        assertThat(StatTest.KS.drifted(0.05, 0.05)).isTrue();
        assertThat(StatTest.CHISQUARE.drifted(0.05, 0.05)).isFalse();
        assertThat(StatTest.Z.drifted(0.05, 0.05)).isFalse();
        for (StatTest distance : new StatTest[] {StatTest.WASSERSTEIN, StatTest.PSI, StatTest.JENSENSHANNON,
                StatTest.KL_DIV, StatTest.HELLINGER}) {
            assertThat(distance.drifted(0.1, 0.1)).as(distance.id()).isTrue();
            assertThat(distance.isPValue()).isFalse();
        }
    }

    @Test
    void newTestsCompareAsEvidentlyDoes() {
        // cramer_von_mises is p <= t; anderson, mannw, t_test, fisher_exact p < t; ed d > t (strict)
        assertThat(StatTest.CRAMER_VON_MISES.drifted(0.1, 0.1)).isTrue();
        for (StatTest test : new StatTest[] {StatTest.ANDERSON, StatTest.MANNW, StatTest.T_TEST,
                StatTest.FISHER_EXACT}) {
            assertThat(test.drifted(test.defaultThreshold(), test.defaultThreshold())).as(test.id()).isFalse();
            assertThat(test.isPValue()).as(test.id()).isTrue();
        }
        assertThat(StatTest.ED.drifted(0.1, 0.1)).isFalse();
        assertThat(StatTest.ED.drifted(0.1000001, 0.1)).isTrue();
        assertThat(StatTest.ED.isPValue()).isFalse();
    }

    @Test
    void aTTestOfTwoConstantSamplesIsUndefinedAndNotDrift() {
        // scipy's ttest_ind gives NaN here, and Evidently reports that NaN, not drifted
        DriftResult same = ColumnDrift.test(StatTest.T_TEST, NumericColumn.of(3.5, 3.5, 3.5), NumericColumn.of(3.5, 3.5),
                0.05);
        assertThat(same.score()).isNaN();
        assertThat(same.drifted()).isFalse();
        DriftResult moved = ColumnDrift.test(StatTest.T_TEST, NumericColumn.of(3.5, 3.5, 3.5), NumericColumn.of(4.5, 4.5),
                0.05);
        assertThat(moved.score()).isZero();
        assertThat(moved.drifted()).isTrue();
        assertThatThrownBy(() -> new DriftResult("t_test", Double.NaN, 0.05, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mannWhitneyIsOneSided() {
        NumericColumn low = NumericColumn.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        NumericColumn high = NumericColumn.of(11, 12, 13, 14, 15, 16, 17, 18, 19, 20);

        assertThat(ColumnDrift.test(StatTest.MANNW, low, high).drifted()).isTrue();
        assertThat(ColumnDrift.test(StatTest.MANNW, high, low).drifted()).isFalse();
    }

    @Test
    void idsRoundTrip() {
        for (StatTest test : StatTest.values()) {
            assertThat(StatTest.fromId(test.id())).isEqualTo(test);
        }
        assertThatThrownBy(() -> StatTest.fromId("g_test")).isInstanceOf(CapstanException.class);
    }

    @Test
    void identicalSingleValueColumnsDoNotDrift() {
        NumericColumn ones = NumericColumn.of(1, 1, 1);

        assertThat(ColumnDrift.test(ones, ones)).isEqualTo(new DriftResult("z", 1.0, 0.05, false));
    }
}
