package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

/**
 * The drift of one tested column, in Evidently's terms.
 *
 * @param column the column's name; not null
 * @param columnType its inferred type, numerical or categorical; not null
 * @param result the test that ran, its score, threshold and decision; not null
 * @param referenceCount values the test read from the reference (missing ones dropped)
 * @param currentCount values the test read from the current data
 * @param referenceMissing missing values dropped from the reference
 * @param currentMissing missing values dropped from the current data
 * @param distribution both sides' distributions, for plots; not null
 */
public record ColumnResult(String column, ColumnType columnType, DriftResult result, int referenceCount,
        int currentCount, int referenceMissing, int currentMissing, Distribution distribution) {
    public ColumnResult {
        requireNonNull(column, "column is null");
        requireNonNull(columnType, "columnType is null");
        requireNonNull(result, "result is null");
        requireNonNull(distribution, "distribution is null");
    }
}
