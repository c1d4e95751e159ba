package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

/**
 * The drift of one tested column, in Evidently's terms, and Capstan's opt-in additions.
 *
 * @param column the column's name; not null
 * @param columnType its inferred type, numerical or categorical; not null
 * @param result the test that ran, its score, threshold and decision (Evidently's); not null
 * @param referenceCount values the test read from the reference (missing ones dropped)
 * @param currentCount values the test read from the current data
 * @param referenceMissing missing values dropped from the reference
 * @param currentMissing missing values dropped from the current data
 * @param distribution both sides' distributions, for plots; not null
 * @param corrected the decision after a multiple-testing correction; null without one, and for tests
 *     whose score is a distance
 * @param missing the missing-value drift test; null unless asked for
 * @param effectSize how large the change is; null unless asked for
 * @param scoreBounds in sketch mode, where the exact score lies when {@code result}'s score is an
 *     estimate; null when the score is exact
 */
public record ColumnResult(String column, ColumnType columnType, DriftResult result, int referenceCount,
        int currentCount, int referenceMissing, int currentMissing, Distribution distribution,
        CorrectedDecision corrected, MissingValueDrift missing, EffectSize effectSize, ScoreBounds scoreBounds) {
    public ColumnResult {
        requireNonNull(column, "column is null");
        requireNonNull(columnType, "columnType is null");
        requireNonNull(result, "result is null");
        requireNonNull(distribution, "distribution is null");
    }

    /** A column with Evidently's result only. */
    public ColumnResult(String column, ColumnType columnType, DriftResult result, int referenceCount,
            int currentCount, int referenceMissing, int currentMissing, Distribution distribution) {
        this(column, columnType, result, referenceCount, currentCount, referenceMissing, currentMissing,
                distribution, null, null, null, null);
    }

    /**
     * Returns whether the column counts as drifted in the dataset drift vote: the value test's decision
     * (after correction when there is one), or the missing-value decision when that is counted. Without
     * extras this is Evidently's {@code result().drifted()}.
     */
    public boolean drifted() {
        boolean value = corrected != null ? corrected.drifted() : result.drifted();
        return value || (missing != null && missing.counted() && missing.decision());
    }

    /** Returns a copy with these corrected decisions (either may be null). */
    ColumnResult withCorrections(CorrectedDecision value, MissingValueDrift correctedMissing) {
        return new ColumnResult(column, columnType, result, referenceCount, currentCount, referenceMissing,
                currentMissing, distribution, value, correctedMissing, effectSize, scoreBounds);
    }
}
