package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

/**
 * A column of the current data that was not drift-tested, and why. Skipped columns do not count in
 * the dataset drift share, as Evidently does not count them.
 *
 * @param column the column's name; not null
 * @param columnType its inferred type; not null
 * @param reason one sentence; not null
 */
public record SkippedColumn(String column, ColumnType columnType, String reason) {
    public SkippedColumn {
        requireNonNull(column, "column is null");
        requireNonNull(columnType, "columnType is null");
        requireNonNull(reason, "reason is null");
    }
}
