package io.capstan.monitoring.table;

/**
 * Builds columns from arrays a reader has just filled, without copying them. For
 * {@link io.capstan.monitoring.spi.TabularSource} adapters: the caller hands the array over and must
 * not touch it afterwards.
 */
public final class TableColumns {
    private TableColumns() {
    }

    /** Wraps a float64 or integer-typed array (NaN for missing; none when {@code integer}). */
    public static NumberColumn numbers(String name, double[] values, boolean integer) {
        return NumberColumn.adopt(name, values, integer);
    }

    /** Wraps a string array (null for missing). */
    public static StringColumn strings(String name, String[] values) {
        return StringColumn.adopt(name, values);
    }

    /** Wraps a boolean array (null for missing). */
    public static BooleanColumn booleans(String name, Boolean[] values) {
        return BooleanColumn.adopt(name, values);
    }
}
