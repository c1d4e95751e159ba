package io.capstan.monitoring.table;

import static java.util.Objects.requireNonNull;

/** A string column, null for missing. Immutable; the array is copied on the way in and out. */
public final class StringColumn implements TableColumn {
    private final String name;
    private final String[] values;
    private final int missing;

    private StringColumn(String name, String[] values) {
        this.name = requireNonNull(name, "name is null");
        this.values = values;
        int nulls = 0;
        for (String v : values) {
            if (v == null) {
                nulls++;
            }
        }
        this.missing = nulls;
    }

    /**
     * Returns a string column.
     *
     * @param values the values, null for missing; copied; the array not null
     */
    public static StringColumn of(String name, String... values) {
        return new StringColumn(name, requireNonNull(values, "values is null").clone());
    }

    static StringColumn adopt(String name, String[] values) {
        return new StringColumn(name, values);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public int missingCount() {
        return missing;
    }

    @Override
    public String typeName() {
        return "string";
    }

    /** Returns the value at {@code row}, null when missing. */
    public String get(int row) {
        return values[row];
    }

    /** Returns a copy of the values, null for missing. */
    public String[] values() {
        return values.clone();
    }

    /** The values without a copy, for this module's hot paths; never modify. */
    public String[] valuesView() {
        return values;
    }
}
