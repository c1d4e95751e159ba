package io.capstan.monitoring.table;

import static java.util.Objects.requireNonNull;

/**
 * A column of boxed values, null for missing: what booleans and strings share. Immutable; the
 * array is never handed out but as a copy, or as {@link #valuesView()} inside this module.
 *
 * @param <T> the value type
 */
public abstract sealed class BoxedColumn<T> implements TableColumn permits BooleanColumn, StringColumn {
    private final String name;
    private final T[] values;
    private final int missing;

    BoxedColumn(String name, T[] values) {
        this.name = requireNonNull(name, "name is null");
        this.values = requireNonNull(values, "values is null");
        int nulls = 0;
        for (T v : values) {
            if (v == null) {
                nulls++;
            }
        }
        this.missing = nulls;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int size() {
        return values.length;
    }

    @Override
    public final int missingCount() {
        return missing;
    }

    /** Returns the value at {@code row}, null when missing. */
    public final T get(int row) {
        return values[row];
    }

    /** Returns a copy of the values, null for missing. */
    public final T[] values() {
        return values.clone();
    }

    /** The values without a copy, for this module's hot paths; never modify. */
    public final T[] valuesView() {
        return values;
    }
}
