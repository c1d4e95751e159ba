package io.capstan.monitoring.table;

import static java.util.Objects.requireNonNull;

/** A string column, null for missing. Immutable; the array is copied on the way in and out. */
public final class StringColumn extends BoxedColumn<String> {

    private StringColumn(String name, String[] values) {
        super(name, values);
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
    public String typeName() {
        return "string";
    }
}
