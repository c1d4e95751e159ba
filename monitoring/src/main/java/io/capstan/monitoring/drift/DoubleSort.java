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
        // one pass makes the keys and counts all eight bytes; a scatter pass per byte then follows
        int[] counts = new int[8 * 256];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            // flip so that unsigned order of keys is numeric order: negatives all bits, positives the sign bit
            long key = bits ^ ((bits >> 63) | Long.MIN_VALUE);
            keys[i] = key;
            counts[(int) key & 0xff]++;
            counts[256 + ((int) (key >>> 8) & 0xff)]++;
            counts[512 + ((int) (key >>> 16) & 0xff)]++;
            counts[768 + ((int) (key >>> 24) & 0xff)]++;
            counts[1024 + ((int) (key >>> 32) & 0xff)]++;
            counts[1280 + ((int) (key >>> 40) & 0xff)]++;
            counts[1536 + ((int) (key >>> 48) & 0xff)]++;
            counts[1792 + (int) (key >>> 56)]++;
        }
        long[] buffer = scratch[1];
        int[] heads = new int[256];
        for (int digit = 0; digit < 8; digit++) {
            int shift = digit * 8;
            int base = digit * 256;
            if (counts[base + ((int) (keys[0] >>> shift) & 0xff)] == n) {
                continue;
            }
            int sum = 0;
            for (int b = 0; b < 256; b++) {
                heads[b] = sum;
                sum += counts[base + b];
            }
            for (int i = 0; i < n; i++) {
                long key = keys[i];
                buffer[heads[(int) (key >>> shift) & 0xff]++] = key;
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
