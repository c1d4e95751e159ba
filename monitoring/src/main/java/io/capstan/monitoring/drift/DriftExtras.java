package io.capstan.monitoring.drift;

/**
 * Capstan's opt-in additions to Evidently's drift, all off by default (then a run gives exactly
 * Evidently's result): missing-value drift, a multiple-testing correction and effect sizes.
 *
 * @param missingDrift whether to test, per column, whether the share of missing values changed
 *     ({@link MissingValueDrift})
 * @param missingThreshold the significance level of that test (0.05 by default), in (0, 1]
 * @param countMissingDrift whether a column whose missing share drifts counts as drifted in the
 *     dataset drift vote (only with {@code missingDrift})
 * @param correction the correction over the run's p-values, or null for none
 * @param effectSizes whether to report effect sizes ({@link EffectSize})
 */
public record DriftExtras(boolean missingDrift, double missingThreshold, boolean countMissingDrift,
        Correction correction, boolean effectSizes) {
    /** The default significance level of the missing-value test. */
    public static final double DEFAULT_MISSING_THRESHOLD = 0.05;

    /** Nothing beyond Evidently. */
    public static final DriftExtras NONE = new DriftExtras(false, DEFAULT_MISSING_THRESHOLD, false, null, false);

    public DriftExtras {
        if (!(missingThreshold > 0.0 && missingThreshold <= 1.0)) {
            throw new IllegalArgumentException("the missing-value drift threshold must be in (0, 1], got "
                    + missingThreshold);
        }
        if (countMissingDrift && !missingDrift) {
            throw new IllegalArgumentException("missing-value drift can count toward dataset drift only when it is tested");
        }
    }

    /** Returns whether anything beyond Evidently is on. */
    public boolean any() {
        return missingDrift || correction != null || effectSizes;
    }

    /** Returns a copy that tests missing-value drift at this level, counted toward dataset drift or not. */
    public DriftExtras withMissingDrift(double threshold, boolean counted) {
        return new DriftExtras(true, threshold, counted, correction, effectSizes);
    }

    /** Returns a copy with this correction (null for none). */
    public DriftExtras withCorrection(Correction newCorrection) {
        return new DriftExtras(missingDrift, missingThreshold, countMissingDrift, newCorrection, effectSizes);
    }

    /** Returns a copy that reports effect sizes or not. */
    public DriftExtras withEffectSizes(boolean on) {
        return new DriftExtras(missingDrift, missingThreshold, countMissingDrift, correction, on);
    }
}
