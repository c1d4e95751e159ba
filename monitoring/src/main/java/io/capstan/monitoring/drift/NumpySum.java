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
        return pairwise(a, from, n, false, 0.0);
    }

    /**
     * The population standard deviation as pandas' {@code Series.std(ddof=0)} (what {@code np.std} of a
     * Series runs) computes it: the pairwise mean, then the pairwise sum of {@code (mean - x)²}, over n.
     */
    static double populationStandardDeviation(double[] values) {
        int n = values.length;
        double mean = sum(values) / n;
        return Math.sqrt((0.0 + pairwise(values, 0, n, true, mean)) / n);
    }

    /** The pairwise sum of a[from..from+n), or with {@code squares} of {@code (center - a[i])²}. */
    private static double pairwise(double[] a, int from, int n, boolean squares, double center) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += term(a[from + i], center, squares);
            }
            return res;
        }
        if (n <= BLOCK) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) {
                r[j] = term(a[from + j], center, squares);
            }
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += term(a[from + i + j], center, squares);
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += term(a[from + i], center, squares);
            }
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwise(a, from, half, squares, center) + pairwise(a, from + half, n - half, squares, center);
    }

    private static double term(double x, double center, boolean squares) {
        if (!squares) {
            return x;
        }
        double d = center - x;
        return d * d;
    }
}
