package io.capstan.monitoring.drift;

/**
 * Equal-width bin edges as {@code numpy.histogram_bin_edges(a, bins="sturges")} computes them for a
 * float array, and {@code numpy.histogram} counts over them.
 */
final class SturgesBins {
    private SturgesBins() {
    }

    /** Returns the edges for the sorted, non-empty float sample {@code sorted}. */
    static double[] edges(double[] sorted) {
        return edges(sorted, false);
    }

    /**
     * Returns the edges for the sorted, non-empty sample {@code sorted}; for an integer-typed sample
     * NumPy widens bins narrower than 1 to width 1.
     */
    static double[] edges(double[] sorted, boolean integer) {
        return edges(sorted[0], sorted[sorted.length - 1], sorted.length, integer);
    }

    /**
     * Returns the edges for a sample of {@code n} values from {@code min} to {@code max}: all that NumPy's
     * Sturges rule reads from the sample, so sketch mode gets the same edges without the values.
     */
    static double[] edges(double min, double max, long n, boolean integer) {
        double ptp = max - min;
        double width = ptp / (log2(n) + 1.0);
        if (integer && width < 1) {
            width = 1;
        }
        double first = min;
        double last = max;
        if (first == last) {
            first -= 0.5;
            last += 0.5;
        }
        int bins = width != 0.0 ? (int) Math.ceil((last - first) / width) : 1;
        double[] edges = new double[bins + 1];
        // numpy.linspace: i * step + start, then the last edge set to stop exactly
        double step = (last - first) / bins;
        for (int i = 0; i < bins; i++) {
            edges[i] = i * step + first;
        }
        edges[bins] = last;
        return edges;
    }

    /**
     * Returns the count per bin: left-closed, right-open, the last bin closed; values outside are not counted.
     */
    static long[] counts(double[] sorted, double[] edges) {
        long[] counts = new long[edges.length - 1];
        for (int i = 0; i < counts.length; i++) {
            int lower = lowerBound(sorted, edges[i]);
            int upper = i == counts.length - 1 ? upperBound(sorted, edges[i + 1]) : lowerBound(sorted, edges[i + 1]);
            counts[i] = upper - lower;
        }
        return counts;
    }

    /** Returns the number of values strictly below {@code x}. */
    static int lowerBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Returns the number of values at or below {@code x}. */
    static int upperBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double log2(long n) {
        // exact for powers of two, where numpy's log2 is exact too and ceil would otherwise be off by one
        if (Long.bitCount(n) == 1) {
            return Long.numberOfTrailingZeros(n);
        }
        return Math.log(n) / Math.log(2.0);
    }
}
