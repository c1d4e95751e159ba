package io.capstan.monitoring.drift;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of each distinct value of reference ∪ current, aligned and in ascending value order.
 * Evidently iterates a Python set instead; only the sums depend on the order, and only in the last ulp.
 */
record ValueCounts(long[] reference, long[] current, int referenceSize, int currentSize) {

    static ValueCounts of(NumericColumn reference, NumericColumn current) {
        double[] r = reference.sortedValues();
        double[] c = current.sortedValues();
        double[] keys = distinct(concatSorted(r, c));
        long[] rc = new long[keys.length];
        long[] cc = new long[keys.length];
        countSorted(r, keys, rc);
        countSorted(c, keys, cc);
        return new ValueCounts(rc, cc, r.length, c.length);
    }

    static ValueCounts of(CategoricalColumn reference, CategoricalColumn current) {
        // ascending value order over the union of both dictionaries, so that sums do not depend on hashing
        TreeMap<String, Integer> union = new TreeMap<>();
        for (String v : reference.dictionary()) {
            union.put(v, 0);
        }
        for (String v : current.dictionary()) {
            union.put(v, 0);
        }
        int position = 0;
        for (Map.Entry<String, Integer> entry : union.entrySet()) {
            entry.setValue(position++);
        }
        long[] rc = new long[union.size()];
        long[] cc = new long[union.size()];
        addCounts(reference, union, rc);
        addCounts(current, union, cc);
        return new ValueCounts(rc, cc, reference.size(), current.size());
    }

    /** Returns the distinct values of both columns in the order {@link #of(CategoricalColumn, CategoricalColumn)} counts them. */
    static String[] unionLabels(CategoricalColumn reference, CategoricalColumn current) {
        java.util.TreeSet<String> union = new java.util.TreeSet<>(Arrays.asList(reference.dictionary()));
        union.addAll(Arrays.asList(current.dictionary()));
        return union.toArray(String[]::new);
    }

    private static void addCounts(CategoricalColumn column, Map<String, Integer> union, long[] into) {
        long[] byCode = column.counts();
        String[] dictionary = column.dictionary();
        for (int code = 0; code < dictionary.length; code++) {
            into[union.get(dictionary[code])] += byCode[code];
        }
    }

    int distinctValues() {
        return reference.length;
    }

    int distinctInReference() {
        return (int) Arrays.stream(reference).filter(n -> n > 0).count();
    }

    int distinctInCurrent() {
        return (int) Arrays.stream(current).filter(n -> n > 0).count();
    }

    double[] referenceShares() {
        return shares(reference, referenceSize);
    }

    double[] currentShares() {
        return shares(current, currentSize);
    }

    static double[] shares(long[] counts, int size) {
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = (double) counts[i] / size;
        }
        return shares;
    }

    /** Merges two ascending arrays into one ascending array (no sort: each column is sorted once). */
    static double[] concatSorted(double[] a, double[] b) {
        double[] all = new double[a.length + b.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length && j < b.length) {
            all[k++] = a[i] <= b[j] ? a[i++] : b[j++];
        }
        while (i < a.length) {
            all[k++] = a[i++];
        }
        while (j < b.length) {
            all[k++] = b[j++];
        }
        return all;
    }

    /**
     * Returns the number of distinct values in the union of two ascending arrays, counting no further
     * than {@code limit + 1}: enough to tell whether it exceeds {@code limit}, without merging the arrays.
     */
    static int distinctInUnion(double[] a, double[] b, int limit) {
        int i = 0;
        int j = 0;
        int count = 0;
        double last = Double.NaN;
        while ((i < a.length || j < b.length) && count <= limit) {
            double next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
            if (count == 0 || next != last) {
                count++;
                last = next;
            }
        }
        return count;
    }

    /** Returns the distinct values of an ascending array, ascending. */
    static double[] distinct(double[] sorted) {
        return distinctValues(sorted);
    }

    private static double[] distinctValues(double[] sorted) {
        double[] result = new double[distinctCount(sorted)];
        int k = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                result[k++] = sorted[i];
            }
        }
        return result;
    }

    /** Returns the number of distinct values of an ascending array. */
    static int distinctCount(double[] sorted) {
        int count = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                count++;
            }
        }
        return count;
    }

    private static void countSorted(double[] sorted, double[] keys, long[] counts) {
        int k = 0;
        for (double v : sorted) {
            while (keys[k] != v) {
                k++;
            }
            counts[k]++;
        }
    }
}
