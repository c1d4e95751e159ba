package io.capstan.monitoring.table;

/**
 * One named column of a {@link Table}, typed the way pandas would type it after reading the same
 * source: integers without missing values ({@code int64}), other numbers with NaN for missing
 * ({@code float64}), booleans, strings, or anything else (dates, lists…); strings and booleans also
 * as counts of their values ({@link CountedColumn}). Implementations are
 * immutable and thread-safe.
 */
public sealed interface TableColumn permits NumberColumn, BoxedColumn, CountedColumn, OtherColumn {
    /** Returns the column's name; never null. */
    String name();

    /** Returns the number of rows, missing values included. */
    int size();

    /** Returns the number of missing values. */
    int missingCount();

    /** Returns a short name of the column's storage type for messages, e.g. {@code "integer"}. */
    String typeName();
}
