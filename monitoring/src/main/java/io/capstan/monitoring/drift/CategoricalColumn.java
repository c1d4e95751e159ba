package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Objects;

/** The values of one categorical column as drift tests see them: nulls dropped, order kept. */
public final class CategoricalColumn {
    private final String[] values;

    private CategoricalColumn(String[] values) {
        this.values = values;
    }

    /**
     * Returns a column of the non-null values of {@code raw}, copied.
     *
     * @param raw the values, null for missing; the array itself not null
     */
    public static CategoricalColumn of(String... raw) {
        requireNonNull(raw, "raw is null");
        return new CategoricalColumn(Arrays.stream(raw).filter(Objects::nonNull).toArray(String[]::new));
    }

    /** Returns a copy of the kept values. */
    public String[] values() {
        return values.clone();
    }

    /** Returns the number of kept values. */
    public int size() {
        return values.length;
    }

    String[] raw() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CategoricalColumn column && Arrays.equals(values, column.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "CategoricalColumn[size=" + values.length + "]";
    }
}
