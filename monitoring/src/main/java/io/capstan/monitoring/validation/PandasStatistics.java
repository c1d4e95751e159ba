package io.capstan.monitoring.validation;

/**
 * pandas' {@code sum()}, {@code mean()} and {@code std()} of a column's present values, with pandas'
 * own arithmetic in pandas' order, so that the results are the bits Great Expectations reports (it
 * calls these on the column without its missing values): NumPy's pairwise summation (blocks of 128
 * summed with eight accumulators, halves split at multiples of 8) over the values in row order, which
 * no SQL engine's {@code sum}/{@code avg}/{@code stddev} reproduces. For an int64 column, pandas' mean
 * casts to float64 through NumPy's 8192-element buffer, so the pairwise sums of each buffer are added in
 * turn; its sum is exact integer arithmetic; its standard deviation converts the whole column first.
 */
public final class PandasStatistics {
    private static final int BLOCK = 128;
    /** NumPy's default iterator buffer, in elements. */
    private static final int BUFFER = 8192;

    private PandasStatistics() {
    }

    /**
     * Returns pandas' sum of the values.
     *
     * @param values the present values in row order; not null
     * @param integer whether pandas holds the column as int64 (whole numbers, none missing)
     */
    public static double sum(double[] values, boolean integer) {
        if (integer) {
            long sum = 0;
            for (double v : values) {
                sum += (long) v;
            }
            return sum;
        }
        return 0.0 + pairwise(values, 0, values.length);
    }

    /** Returns pandas' mean of the values (NaN for none); see {@link #sum}. */
    public static double mean(double[] values, boolean integer) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0.0;
        if (integer) {
            for (int from = 0; from < values.length; from += BUFFER) {
                sum += pairwise(values, from, Math.min(BUFFER, values.length - from));
            }
        } else {
            sum += pairwise(values, 0, values.length);
        }
        return sum / values.length;
    }

    /** Returns pandas' sample standard deviation (ddof 1) of the values, two-pass; NaN for fewer than two. */
    public static double standardDeviation(double[] values) {
        int n = values.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mean = (0.0 + pairwise(values, 0, n)) / n;
        return Math.sqrt((0.0 + pairwiseSquares(values, mean, 0, n)) / (n - 1));
    }

    /**
     * Returns the median (NumPy's: the middle value, or the mean of the two middle ones) of the values,
     * reordering them: two order statistics by selection, not a sort.
     *
     * @param values the present values (no NaN); reordered in place
     */
    public static double median(double[] values) {
        int n = values.length;
        if (n == 0) {
            return Double.NaN;
        }
        int upper = n / 2;
        double high = select(values, upper);
        if (n % 2 == 1) {
            return high;
        }
        // after selecting, everything left of `upper` is at most values[upper]: the lower middle is their maximum
        double low = values[0];
        for (int i = 1; i < upper; i++) {
            if (Double.compare(values[i], low) > 0) {
                low = values[i];
            }
        }
        return (low + high) / 2.0;
    }

    /**
     * Puts the k-th smallest value (0-based, in {@link Double#compare} order; no NaN) at index k, smaller or
     * equal ones before it and larger or equal ones after, and returns it: quickselect with Hoare's
     * partition around a median of three, sorting what is left once the ranges stop shrinking fast.
     */
    static double select(double[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        int rounds = 0;
        while (hi - lo > 16) {
            if (++rounds > 64) {
                // an order that defeats the pivots: finish in n log n
                java.util.Arrays.sort(a, lo, hi + 1);
                return a[k];
            }
            int mid = (lo + hi) >>> 1;
            if (less(a[mid], a[lo])) {
                swap(a, mid, lo);
            }
            if (less(a[hi], a[lo])) {
                swap(a, hi, lo);
            }
            if (less(a[hi], a[mid])) {
                swap(a, hi, mid);
            }
            double pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (less(a[i], pivot)) {
                    i++;
                }
                while (less(pivot, a[j])) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i++, j--);
                }
            }
            // [lo, j] <= pivot <= [i, hi], and what lies between equals the pivot
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        insertionSort(a, lo, hi);
        return a[k];
    }

    /** {@code Double.compare(x, y) < 0} for values that are not NaN: -0.0 before 0.0. */
    private static boolean less(double x, double y) {
        return x < y || x == 0.0 && y == 0.0 && Double.doubleToRawLongBits(x) < 0 && Double.doubleToRawLongBits(y) >= 0;
    }

    private static void insertionSort(double[] a, int lo, int hi) {
        for (int i = lo + 1; i <= hi; i++) {
            double v = a[i];
            int j = i - 1;
            while (j >= lo && less(v, a[j])) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** {@link #pairwise} of {@code (mean - a[i])²}, computed as it goes: the same sums without the array. */
    static double pairwiseSquares(double[] a, double mean, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += square(mean - a[from + i]);
            }
            return res;
        }
        if (n <= BLOCK) {
            double r0 = square(mean - a[from]);
            double r1 = square(mean - a[from + 1]);
            double r2 = square(mean - a[from + 2]);
            double r3 = square(mean - a[from + 3]);
            double r4 = square(mean - a[from + 4]);
            double r5 = square(mean - a[from + 5]);
            double r6 = square(mean - a[from + 6]);
            double r7 = square(mean - a[from + 7]);
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                int at = from + i;
                r0 += square(mean - a[at]);
                r1 += square(mean - a[at + 1]);
                r2 += square(mean - a[at + 2]);
                r3 += square(mean - a[at + 3]);
                r4 += square(mean - a[at + 4]);
                r5 += square(mean - a[at + 5]);
                r6 += square(mean - a[at + 6]);
                r7 += square(mean - a[at + 7]);
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += square(mean - a[from + i]);
            }
            return res;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwiseSquares(a, mean, from, half) + pairwiseSquares(a, mean, from + half, n - half);
    }

    private static double square(double d) {
        return d * d;
    }

    /** NumPy's {@code pairwise_sum} of {@code a[from, from + n)}. */
    static double pairwise(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double r0 = a[from];
            double r1 = a[from + 1];
            double r2 = a[from + 2];
            double r3 = a[from + 3];
            double r4 = a[from + 4];
            double r5 = a[from + 5];
            double r6 = a[from + 6];
            double r7 = a[from + 7];
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                int at = from + i;
                r0 += a[at];
                r1 += a[at + 1];
                r2 += a[at + 2];
                r3 += a[at + 3];
                r4 += a[at + 4];
                r5 += a[at + 5];
                r6 += a[at + 6];
                r7 += a[at + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
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
