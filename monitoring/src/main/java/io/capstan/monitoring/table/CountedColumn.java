package io.capstan.monitoring.table;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A string or boolean column held as its distinct values and how often each occurs, without its rows:
 * all that drift tests of a categorical column read. A source that can count in place (DuckDB's
 * {@code GROUP BY}) hands these out from {@link io.capstan.monitoring.spi.TabularSource#readCounted}
 * instead of copying every row into Java: for the string columns of a million-row file that is most of
 * the reading time, and the memory of a reference per row. Immutable and thread-safe.
 *
 * <p>The distinct values come in no particular order; two columns are equal when they have the same
 * name, value type, missing count and count for each value.
 */
public final class CountedColumn implements TableColumn {
    /** What the column's values are. */
    public enum ValueType {
        /** {@link String} values, as a {@link StringColumn} holds them. */
        STRING("string"),
        /** {@link Boolean} values, as a {@link BooleanColumn} holds them. */
        BOOLEAN("boolean");

        private final String typeName;

        ValueType(String typeName) {
            this.typeName = typeName;
        }
    }

    private final String name;
    private final ValueType valueType;
    private final Object[] values;
    private final long[] counts;
    private final int size;
    private final int missing;

    private CountedColumn(String name, ValueType valueType, Object[] values, long[] counts, int missing) {
        this.name = requireNonNull(name, "name is null");
        this.valueType = valueType;
        if (values.length != counts.length) {
            throw new IllegalArgumentException("column '" + name + "': " + values.length + " values but "
                    + counts.length + " counts");
        }
        if (missing < 0) {
            throw new IllegalArgumentException("column '" + name + "': negative missing count " + missing);
        }
        Class<?> type = valueType == ValueType.STRING ? String.class : Boolean.class;
        Set<Object> seen = new HashSet<>();
        long total = missing;
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (!type.isInstance(v)) {
                throw new IllegalArgumentException("column '" + name + "': value " + v + " is not a "
                        + type.getSimpleName());
            }
            if (!seen.add(v)) {
                throw new IllegalArgumentException("column '" + name + "': value '" + v + "' counted twice");
            }
            if (counts[i] <= 0) {
                throw new IllegalArgumentException("column '" + name + "': count " + counts[i] + " of '" + v
                        + "' is not positive");
            }
            total += counts[i];
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("column '" + name + "' has more rows than a table holds");
            }
        }
        this.values = values;
        this.counts = counts;
        this.size = (int) total;
        this.missing = missing;
    }

    /**
     * Returns a counted string column.
     *
     * @param values the distinct present values, each once; copied
     * @param counts how often each of {@code values} occurs, each at least 1; copied
     * @param missing how many rows are missing
     * @throws IllegalArgumentException if a value repeats or is null, a count is not positive, the two
     *     lengths differ, or the rows add up to more than an {@code int}
     */
    public static CountedColumn strings(String name, List<String> values, long[] counts, int missing) {
        return new CountedColumn(name, ValueType.STRING, values.toArray(), counts.clone(), missing);
    }

    /** Returns a counted boolean column; see {@link #strings}. */
    public static CountedColumn booleans(String name, List<Boolean> values, long[] counts, int missing) {
        return new CountedColumn(name, ValueType.BOOLEAN, values.toArray(), counts.clone(), missing);
    }

    /** Counts the values of a string or boolean column, in order of first appearance. */
    public static CountedColumn of(BoxedColumn<?> column) {
        requireNonNull(column, "column is null");
        Map<Object, long[]> counts = new LinkedHashMap<>();
        for (Object v : column.valuesView()) {
            if (v != null) {
                counts.computeIfAbsent(v, k -> new long[1])[0]++;
            }
        }
        long[] n = counts.values().stream().mapToLong(c -> c[0]).toArray();
        ValueType type = column instanceof StringColumn ? ValueType.STRING : ValueType.BOOLEAN;
        return new CountedColumn(column.name(), type, counts.keySet().toArray(), n, column.missingCount());
    }

    @Override
    public String name() {
        return name;
    }

    /** Returns the number of rows, missing ones included. */
    @Override
    public int size() {
        return size;
    }

    @Override
    public int missingCount() {
        return missing;
    }

    @Override
    public String typeName() {
        return valueType.typeName;
    }

    /** Returns what the values are. */
    public ValueType valueType() {
        return valueType;
    }

    /** Returns the number of distinct present values. */
    public int distinctCount() {
        return values.length;
    }

    /** Returns the {@code i}-th distinct value: a {@link String} or a {@link Boolean}, never null. */
    public Object value(int i) {
        return values[i];
    }

    /** Returns how often the {@code i}-th distinct value occurs (at least 1). */
    public long count(int i) {
        return counts[i];
    }

    /**
     * The failure of code that needs this column's rows: it was read counted
     * ({@link io.capstan.monitoring.spi.TabularSource#readCounted}), and its rows are not there.
     */
    public IllegalArgumentException noRows() {
        return new IllegalArgumentException("column '" + name + "' was read as counts of its values, without its"
                + " rows (TabularSource.readCounted); read the table with TabularSource.read to use its rows");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CountedColumn c && name.equals(c.name) && valueType == c.valueType
                && missing == c.missing && asMap().equals(c.asMap());
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + asMap().hashCode();
    }

    private Map<Object, Long> asMap() {
        Map<Object, Long> map = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(values[i], counts[i]);
        }
        return map;
    }

    @Override
    public String toString() {
        return "CountedColumn[" + name + ", " + typeName() + ", " + values.length + " distinct, " + missing
                + " missing of " + size + ", " + Arrays.toString(Arrays.copyOf(values, Math.min(values.length, 5)))
                + (values.length > 5 ? "…" : "") + "]";
    }
}
