package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * The values of one numerical column as drift tests see them: NaN and ±infinity dropped (Evidently
 * drops them before any test), {@code -0.0} read as {@code 0.0}, original order kept. The values are
 * sorted once, when the column is made, and every test reuses that order. Immutable and thread-safe.
 *
 * <p>A column may be marked as integer-typed (pandas {@code int64}: integers with no missing value).
 * It matters in one place: NumPy's Sturges bins are at least 1 wide when both sides are integer-typed.
 */
public final class NumericColumn {
    private final double[] values;
    private final double[] sorted;
    private final boolean integer;

    private NumericColumn(double[] values, boolean integer) {
        this.values = values;
        this.sorted = values.clone();
        DoubleSort.sort(sorted);
        this.integer = integer;
    }

    /**
     * Returns a float-typed column of the finite values of {@code raw}, copied.
     *
     * @param raw the values, NaN or infinite for missing; not null
     */
    public static NumericColumn of(double... raw) {
        return of(raw, false);
    }

    /**
     * Returns a column of the finite values of {@code raw}, copied.
     *
     * @param raw the values, NaN or infinite for missing; not null
     * @param integer whether the column is integer-typed (pandas {@code int64}), as read from its source
     */
    public static NumericColumn of(double[] raw, boolean integer) {
        requireNonNull(raw, "raw is null");
        return new NumericColumn(finiteCopy(raw), integer);
    }

    /**
     * Returns a column that keeps {@code raw} itself when every value is finite and none is -0.0: for
     * callers that own an array nobody modifies (a table column), to spare a copy of a million values.
     */
    static NumericColumn sharing(double[] raw, boolean integer) {
        requireNonNull(raw, "raw is null");
        for (double v : raw) {
            if (!Double.isFinite(v) || Double.doubleToRawLongBits(v) == Long.MIN_VALUE) {
                return new NumericColumn(finiteCopy(raw), integer);
            }
        }
        return new NumericColumn(raw, integer);
    }

    private static double[] finiteCopy(double[] raw) {
        int kept = 0;
        double[] finite = new double[raw.length];
        for (double v : raw) {
            if (Double.isFinite(v)) {
                finite[kept++] = v + 0.0;
            }
        }
        return kept == raw.length ? finite : Arrays.copyOf(finite, kept);
    }

    /** Returns a copy of the kept values. */
    public double[] values() {
        return values.clone();
    }

    /** Returns the number of kept values. */
    public int size() {
        return values.length;
    }

    /** Returns whether the column is integer-typed. */
    public boolean isInteger() {
        return integer;
    }

    /** The kept values in ascending order; shared, never modify. */
    double[] sortedValues() {
        return sorted;
    }

    double[] raw() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NumericColumn column && integer == column.integer
                && Arrays.equals(values, column.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "NumericColumn[size=" + values.length + (integer ? ", integer" : "") + "]";
    }
}
