package io.capstan.monitoring.table;

import static java.util.Objects.requireNonNull;

/** A boolean column, null for missing. Immutable; the array is copied on the way in and out. */
public final class BooleanColumn implements TableColumn {
    private final String name;
    private final Boolean[] values;
    private final int missing;

    private BooleanColumn(String name, Boolean[] values) {
        this.name = requireNonNull(name, "name is null");
        this.values = values;
        int nulls = 0;
        for (Boolean v : values) {
            if (v == null) {
                nulls++;
            }
        }
        this.missing = nulls;
    }

    /**
     * Returns a boolean column.
     *
     * @param values the values, null for missing; copied; the array not null
     */
    public static BooleanColumn of(String name, Boolean... values) {
        return new BooleanColumn(name, requireNonNull(values, "values is null").clone());
    }

    static BooleanColumn adopt(String name, Boolean[] values) {
        return new BooleanColumn(name, values);
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
        return "boolean";
    }

    /** Returns the value at {@code row}, null when missing. */
    public Boolean get(int row) {
        return values[row];
    }
}
