package io.capstan.monitoring.drift;

import java.util.Arrays;

/**
 * Sorts finite doubles ascending, in the order {@link Arrays#sort(double[])} gives (no NaN, and
 * {@code -0.0} already normalised to {@code 0.0} by {@link NumericColumn}). Large arrays use an LSD
 * radix sort on the IEEE bits, about three times faster than quicksort on a million values; byte
 * positions where every value agrees are skipped, so integer-valued columns cost few passes.
 */
final class DoubleSort {
    /** Below this size Arrays.sort is as fast. */
    private static final int RADIX_MIN = 4096;

    /** Per-thread scratch space, reused from column to column: a million-row sort needs 16 MB of it. */
    private static final ThreadLocal<long[][]> SCRATCH = ThreadLocal.withInitial(() -> new long[2][0]);

    private DoubleSort() {
    }

    static void sort(double[] values) {
        int n = values.length;
        if (n < RADIX_MIN) {
            Arrays.sort(values);
            return;
        }
        long[][] scratch = SCRATCH.get();
        if (scratch[0].length < n) {
            scratch[0] = new long[n];
            scratch[1] = new long[n];
        }
        long[] keys = scratch[0];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            // flip so that unsigned order of keys is numeric order: negatives all bits, positives the sign bit
            keys[i] = bits ^ ((bits >> 63) | Long.MIN_VALUE);
        }
        long[] buffer = scratch[1];
        int[] counts = new int[256];
        for (int shift = 0; shift < 64; shift += 8) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[(int) (keys[i] >>> shift) & 0xff]++;
            }
            if (counts[(int) (keys[0] >>> shift) & 0xff] == n) {
                continue;
            }
            int sum = 0;
            for (int b = 0; b < 256; b++) {
                int c = counts[b];
                counts[b] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                long key = keys[i];
                buffer[counts[(int) (key >>> shift) & 0xff]++] = key;
            }
            long[] swap = keys;
            keys = buffer;
            buffer = swap;
        }
        for (int i = 0; i < n; i++) {
            long key = keys[i];
            long bits = key ^ (((~key) >> 63) | Long.MIN_VALUE);
            values[i] = Double.longBitsToDouble(bits);
        }
    }
}
