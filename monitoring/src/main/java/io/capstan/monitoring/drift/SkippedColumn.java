package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

/**
 * A column of the current data that was not drift-tested, and why. Skipped columns do not count in
 * the dataset drift share, as Evidently does not count them.
 *
 * @param column the column's name; not null
 * @param columnType its inferred type; not null
 * @param reason one sentence; not null
 * @param missing with missing-value drift on, the test of a column skipped because a side has no value
 *     (the strongest missing-value drift there is); else null. Reported, never counted in the vote.
 */
public record SkippedColumn(String column, ColumnType columnType, String reason, MissingValueDrift missing) {
    public SkippedColumn {
        requireNonNull(column, "column is null");
        requireNonNull(columnType, "columnType is null");
        requireNonNull(reason, "reason is null");
    }

    /** A skipped column without a missing-value test. */
    public SkippedColumn(String column, ColumnType columnType, String reason) {
        this(column, columnType, reason, null);
    }

    /** Returns a copy with this missing-value test (null for none). */
    SkippedColumn withMissing(MissingValueDrift test) {
        return new SkippedColumn(column, columnType, reason, test);
    }
}
