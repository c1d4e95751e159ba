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
        Map<String, long[]> counts = new TreeMap<>();
        for (String v : reference.raw()) {
            counts.computeIfAbsent(v, k -> new long[2])[0]++;
        }
        for (String v : current.raw()) {
            counts.computeIfAbsent(v, k -> new long[2])[1]++;
        }
        long[] rc = new long[counts.size()];
        long[] cc = new long[counts.size()];
        int i = 0;
        for (long[] pair : counts.values()) {
            rc[i] = pair[0];
            cc[i] = pair[1];
            i++;
        }
        return new ValueCounts(rc, cc, reference.size(), current.size());
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

    static double[] concatSorted(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        return all;
    }

    static double[] distinct(double[] sorted) {
        return Arrays.stream(sorted).distinct().toArray();
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
