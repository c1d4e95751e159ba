package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * The values of one numerical column as drift tests see them: NaN and ±infinity dropped (Evidently
 * drops them before any test), {@code -0.0} read as {@code 0.0}, original order kept.
 */
public final class NumericColumn {
    private final double[] values;

    private NumericColumn(double[] values) {
        this.values = values;
    }

    /**
     * Returns a column of the finite values of {@code raw}, copied.
     *
     * @param raw the values, NaN or infinite for missing; not null
     */
    public static NumericColumn of(double... raw) {
        requireNonNull(raw, "raw is null");
        return new NumericColumn(Arrays.stream(raw).filter(Double::isFinite).map(v -> v + 0.0).toArray());
    }

    /** Returns a copy of the kept values. */
    public double[] values() {
        return values.clone();
    }

    /** Returns the number of kept values. */
    public int size() {
        return values.length;
    }

    double[] sortedValues() {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    double[] raw() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NumericColumn column && Arrays.equals(values, column.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "NumericColumn[size=" + values.length + "]";
    }
}
