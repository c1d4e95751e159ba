package io.capstan.monitoring.drift;

/**
 * {@code numpy.sum} of float64 data in NumPy's order, which matters where Evidently compares sums that
 * tie mathematically: 0.0 plus the pairwise sum (blocks of 128 summed with eight accumulators) of a
 * contiguous array; for a strided 2-D view, NumPy's reduction buffers as many whole rows as fit in
 * 8192 elements and adds the pairwise sum of each buffer in turn (checked against NumPy 2.4).
 */
final class NumpySum {
    private static final int BLOCK = 128;
    /** NumPy's default iterator buffer, in elements. */
    static final int BUFFER = 8192;

    private NumpySum() {
    }

    static double sum(double[] values) {
        return 0.0 + pairwise(values, 0, values.length);
    }

    static double pairwise(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) {
                r[j] = a[from + j];
            }
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwise(a, from, half) + pairwise(a, from + half, n - half);
    }
}
