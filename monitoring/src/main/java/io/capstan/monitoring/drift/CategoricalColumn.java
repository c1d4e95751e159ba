package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The values of one categorical column as drift tests see them: nulls dropped, order kept. Stored
 * dictionary-encoded (the distinct values in order of first appearance, and one code per value), so
 * that counting a million values is a pass over an int array. Immutable and thread-safe.
 */
public final class CategoricalColumn {
    private final String[] dictionary;
    private final int[] codes;

    private CategoricalColumn(String[] dictionary, int[] codes) {
        this.dictionary = dictionary;
        this.codes = codes;
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

    /** Returns a copy of the kept values. */
    public String[] values() {
        String[] values = new String[codes.length];
        for (int i = 0; i < codes.length; i++) {
            values[i] = dictionary[codes[i]];
        }
        return values;
    }

    /** Returns the number of kept values. */
    public int size() {
        return codes.length;
    }

    /** The distinct values in order of first appearance; shared, never modify. */
    String[] dictionary() {
        return dictionary;
    }

    /** One dictionary index per kept value; shared, never modify. */
    int[] codes() {
        return codes;
    }

    /** Returns how often each dictionary entry occurs. */
    long[] counts() {
        long[] counts = new long[dictionary.length];
        for (int code : codes) {
            counts[code]++;
        }
        return counts;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CategoricalColumn column && Arrays.equals(values(), column.values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return "CategoricalColumn[size=" + codes.length + ", distinct=" + dictionary.length + "]";
    }
}
