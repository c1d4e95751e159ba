package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The values of one categorical column as drift tests see them: nulls dropped, order kept. Stored
 * dictionary-encoded (the distinct values in order of first appearance, and one code per value), so
 * that counting a million values is a pass over an int array; or, for a column read as counts
 * ({@link io.capstan.monitoring.table.CountedColumn}), as the distinct values and their counts only,
 * which is all that every test but TVD (a permutation of the rows) reads. Immutable and thread-safe.
 */
public final class CategoricalColumn {
    private final String[] dictionary;
    /** One code per kept value, or null when only the counts are known. */
    private final int[] codes;
    /** How often each dictionary entry occurs, when only the counts are known; null otherwise. */
    private final long[] counts;
    private final int size;

    private CategoricalColumn(String[] dictionary, int[] codes) {
        this.dictionary = dictionary;
        this.codes = codes;
        this.counts = null;
        this.size = codes.length;
    }

    private CategoricalColumn(String[] dictionary, long[] counts) {
        this.dictionary = dictionary;
        this.codes = null;
        this.counts = counts;
        long total = 0;
        for (long n : counts) {
            total += n;
        }
        this.size = Math.toIntExact(total);
    }

    /**
     * Returns a column of the non-null values of {@code raw}, copied.
     *
     * @param raw the values, null for missing; the array itself not null
     */
    public static CategoricalColumn of(String... raw) {
        requireNonNull(raw, "raw is null");
        Map<String, Integer> index = new HashMap<>();
        int[] codes = new int[raw.length];
        int kept = 0;
        for (String v : raw) {
            if (v != null) {
                Integer code = index.get(v);
                if (code == null) {
                    code = index.size();
                    index.put(v, code);
                }
                codes[kept++] = code;
            }
        }
        String[] dictionary = new String[index.size()];
        index.forEach((value, code) -> dictionary[code] = value);
        return new CategoricalColumn(dictionary, kept == codes.length ? codes : Arrays.copyOf(codes, kept));
    }

    /**
     * Returns a column from a dictionary and codes, both owned by the column from now on.
     *
     * @param dictionary distinct values, in order of first appearance in {@code codes}
     * @param codes one index into {@code dictionary} per present value
     */
    static CategoricalColumn encoded(String[] dictionary, int[] codes) {
        return new CategoricalColumn(dictionary, codes);
    }

    /**
     * Returns a column known only by how often each value occurs, both arrays owned by the column from now on.
     *
     * @param dictionary distinct values, in any order
     * @param counts how often each of {@code dictionary} occurs, each at least 1
     */
    static CategoricalColumn counted(String[] dictionary, long[] counts) {
        return new CategoricalColumn(dictionary, counts);
    }

    /** Whether the values are known row by row ({@link #codes()}), not only as counts. */
    boolean hasRows() {
        return codes != null;
    }

    /**
     * Returns a copy of the kept values.
     *
     * @throws IllegalStateException when only the counts are known
     */
    public String[] values() {
        int[] codes = codes();
        String[] values = new String[codes.length];
        for (int i = 0; i < codes.length; i++) {
            values[i] = dictionary[codes[i]];
        }
        return values;
    }

    /** Returns the number of kept values. */
    public int size() {
        return size;
    }

    /** The distinct values in order of first appearance; shared, never modify. */
    String[] dictionary() {
        return dictionary;
    }

    /**
     * One dictionary index per kept value; shared, never modify.
     *
     * @throws IllegalStateException when only the counts are known
     */
    int[] codes() {
        if (codes == null) {
            throw new IllegalStateException("only the counts of this column's values are known, not its rows");
        }
        return codes;
    }

    /** Returns how often each dictionary entry occurs; never modify. */
    long[] counts() {
        if (this.counts != null) {
            return this.counts;
        }
        long[] counts = new long[dictionary.length];
        for (int code : codes) {
            counts[code]++;
        }
        return counts;
    }

    /** Columns with rows are equal with the same values in the same order; counted ones with the same counts. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof CategoricalColumn column) || hasRows() != column.hasRows()) {
            return false;
        }
        return hasRows() ? Arrays.equals(values(), column.values()) : countsByValue().equals(column.countsByValue());
    }

    @Override
    public int hashCode() {
        return hasRows() ? Arrays.hashCode(values()) : countsByValue().hashCode();
    }

    private Map<String, Long> countsByValue() {
        Map<String, Long> map = new HashMap<>();
        long[] n = counts();
        for (int i = 0; i < dictionary.length; i++) {
            map.put(dictionary[i], n[i]);
        }
        return map;
    }

    @Override
    public String toString() {
        return "CategoricalColumn[size=" + size + ", distinct=" + dictionary.length + (hasRows() ? "" : ", counted")
                + "]";
    }
}
