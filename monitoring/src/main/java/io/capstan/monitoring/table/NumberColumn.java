package io.capstan.monitoring.table;

import static java.util.Objects.requireNonNull;

/**
 * A numeric column: float64 with NaN for missing, or integer-typed (pandas {@code int64}) when every
 * value is a whole number and none is missing. Immutable; the array is copied on the way in and out.
 */
public final class NumberColumn implements TableColumn {
    private final String name;
    private final double[] values;
    private final boolean integer;
    private final int missing;

    private NumberColumn(String name, double[] values, boolean integer) {
        this.name = requireNonNull(name, "name is null");
        this.values = values;
        this.integer = integer;
        int nan = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                nan++;
            }
        }
        if (integer && nan > 0) {
            throw new IllegalArgumentException("integer column '" + name + "' has missing values");
        }
        this.missing = nan;
    }

    /**
     * Returns a float64 column.
     *
     * @param values the values, NaN for missing; copied; not null
     */
    public static NumberColumn ofDoubles(String name, double... values) {
        return new NumberColumn(name, requireNonNull(values, "values is null").clone(), false);
    }

    /**
     * Returns an integer-typed column.
     *
     * @param values the values, none missing; not null
     */
    public static NumberColumn ofLongs(String name, long... values) {
        requireNonNull(values, "values is null");
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return new NumberColumn(name, doubles, true);
    }

    /** For readers that built the array themselves and hand it over; not copied. */
    static NumberColumn adopt(String name, double[] values, boolean integer) {
        return new NumberColumn(name, values, integer);
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
        return integer ? "integer" : "float";
    }

    /** Returns whether the column is integer-typed (no missing values, whole numbers). */
    public boolean isInteger() {
        return integer;
    }

    /** Returns a copy of the values, NaN for missing. */
    public double[] values() {
        return values.clone();
    }

    /** Returns the value at {@code row}, NaN when missing. */
    public double get(int row) {
        return values[row];
    }

    /** The values without a copy, for this module's hot paths; never modify. */
    public double[] valuesView() {
        return values;
    }
}
