package io.capstan.monitoring.validation;

import static java.util.Objects.requireNonNull;

/**
 * A column of a {@link ColumnScan}'s table.
 *
 * @param name its name; not null
 * @param kind what its present values are
 * @param typeName a short name of its storage type for messages ({@code "integer"}, {@code "DATE"}…); not null
 */
public record ScanColumn(String name, Kind kind, String typeName) {
    public ScanColumn {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(typeName, "typeName is null");
    }

    /** What a column's present values are. */
    public enum Kind {
        /** {@code Double} (pandas int64 or float64; NaN is missing). */
        NUMBER,
        /** {@code String}. */
        STRING,
        /** {@code Boolean}. */
        BOOLEAN,
        /** Dates, timestamps, lists…: only their count of missing values can be measured. */
        OTHER
    }
}
