package io.capstan.monitoring.drift;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.FisherExactTest;

/**
 * Whether the share of missing values of one column changed between reference and current: a
 * two-sided test of two proportions, missing / rows on each side.
 *
 * <p>The test is the pooled two-proportion z-test ({@code statsmodels.stats.proportion.proportions_ztest})
 * when each of the four cells of the 2×2 table (side × missing or present) expects at least
 * {@value #MIN_EXPECTED} rows under the pooled share (Cochran's rule, where the normal approximation
 * holds), and Fisher's exact test ({@code scipy.stats.fisher_exact}, two-sided) otherwise: exact at any
 * size, and cheap exactly there, since a small expected cell means a small hypergeometric support.
 * With no missing value on either side the p-value is 1.
 *
 * @param stattest {@code "z"} or {@code "fisher_exact"}; not null
 * @param pValue the two-sided p-value
 * @param threshold the significance level; drift when {@code pValue < threshold}
 * @param drifted the decision before any correction
 * @param referenceMissing missing values in the reference
 * @param referenceRows rows of the reference
 * @param currentMissing missing values in the current data
 * @param currentRows rows of the current data
 * @param counted whether this decision counts toward dataset drift
 * @param corrected the decision after a multiple-testing correction, or null when there is none
 */
public record MissingValueDrift(String stattest, double pValue, double threshold, boolean drifted,
        long referenceMissing, long referenceRows, long currentMissing, long currentRows, boolean counted,
        CorrectedDecision corrected) {
    /** Below this expected count in some cell, Fisher's exact test replaces the z-test. */
    static final double MIN_EXPECTED = 5.0;

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    public MissingValueDrift {
        java.util.Objects.requireNonNull(stattest, "stattest is null");
    }

    /** Returns the reference's missing share. */
    public double referenceShare() {
        return referenceRows == 0 ? 0.0 : (double) referenceMissing / referenceRows;
    }

    /** Returns the current data's missing share. */
    public double currentShare() {
        return currentRows == 0 ? 0.0 : (double) currentMissing / currentRows;
    }

    /** Returns the decision that counts: after correction when there is one. */
    public boolean decision() {
        return corrected != null ? corrected.drifted() : drifted;
    }

    /** Returns a copy with this corrected decision. */
    MissingValueDrift withCorrected(CorrectedDecision decision) {
        return new MissingValueDrift(stattest, pValue, threshold, drifted, referenceMissing, referenceRows,
                currentMissing, currentRows, counted, decision);
    }

    /**
     * Tests one column.
     *
     * @param threshold significance level
     * @param counted whether the decision counts toward dataset drift
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE} when a side has no row or Fisher's
     *     test would need counts beyond {@code int}
     */
    public static MissingValueDrift test(long referenceMissing, long referenceRows, long currentMissing,
            long currentRows, double threshold, boolean counted) {
        if (referenceRows <= 0 || currentRows <= 0) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Missing-value drift needs rows on both sides (reference %d, current %d)", referenceRows, currentRows);
        }
        long missing = referenceMissing + currentMissing;
        long rows = referenceRows + currentRows;
        double pooled = (double) missing / rows;
        boolean large = Math.min(referenceRows, currentRows) * Math.min(pooled, 1 - pooled) >= MIN_EXPECTED;
        String test;
        double p;
        if (missing == 0 || missing == rows) {
            test = large ? "z" : "fisher_exact";
            p = 1.0;
        } else if (large) {
            test = "z";
            double p1 = (double) referenceMissing / referenceRows;
            double p2 = (double) currentMissing / currentRows;
            double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / referenceRows + 1.0 / currentRows));
            p = 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z));
        } else {
            test = "fisher_exact";
            if (rows > Integer.MAX_VALUE) {
                throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                        "Missing-value drift: Fisher's exact test cannot count %d rows", rows);
            }
            int[][] table = {
                {(int) referenceMissing, (int) (referenceRows - referenceMissing)},
                {(int) currentMissing, (int) (currentRows - currentMissing)},
            };
            p = FisherExactTest.withDefaults().test(table).getPValue();
        }
        p = Math.min(p, 1.0);
        return new MissingValueDrift(test, p, threshold, p < threshold, referenceMissing, referenceRows,
                currentMissing, currentRows, counted, null);
    }
}
