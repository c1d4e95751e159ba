package io.capstan.monitoring.table;

import static java.util.Objects.requireNonNull;

/** A boolean column, null for missing. Immutable; the array is copied on the way in and out. */
public final class BooleanColumn extends BoxedColumn<Boolean> {

    private BooleanColumn(String name, Boolean[] values) {
        super(name, values);
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
    public String typeName() {
        return "boolean";
    }
}
