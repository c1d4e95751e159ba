package io.capstan.monitoring.drift;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Evidently's two permutation tests, TVD and empirical_mmd, drawing their permutations from NumPy's
 * legacy generator seeded with 0 ({@link LegacyNumpyRandom}). For TVD that is exactly what Evidently
 * does; empirical_mmd in Evidently draws from the unseeded global generator, so Capstan's p-value
 * equals Evidently's when NumPy's global generator was seeded with 0 right before the test.
 */
final class PermutationTests {
    /** Evidently's TVD runs this many permutations. */
    static final int TVD_PERMUTATIONS = 1000;
    /** Evidently's empirical_mmd runs this many permutations. */
    static final int MMD_PERMUTATIONS = 100;
    /**
     * empirical_mmd holds an n×n kernel matrix (n = reference + current values) and sums it once per
     * permutation; above this n it would take gigabytes and minutes, in Evidently as here.
     */
    static final int MMD_MAX_VALUES = 5000;

    private PermutationTests() {
    }

    /**
     * Evidently's TVD p-value: the share of 1000 permutations of reference ∪ current (NumPy's legacy
     * {@code choice(..., replace=False)} after {@code seed(0)}) whose total variation distance is at
     * least the observed one. Ties are frequent (with equal sizes the distance takes few values) and
     * Evidently decides them by floating-point rounding, so the distance is computed the way NumPy
     * does, {@code 0.5 * sum(abs(r / n_r - c / n_c))}, with the categories in order of first
     * appearance. Evidently orders them by a Python set; for more than two categories its rounding,
     * and so a tie, can in rare cases depend on that order.
     */
    static double tvdPValue(CategoricalColumn reference, CategoricalColumn current) {
        int nr = reference.size();
        int nc = current.size();
        int n = nr + nc;
        // codes over reference then current, categories in order of first appearance
        String[] referenceWords = reference.dictionary();
        Map<String, Integer> codesByValue = new HashMap<>();
        for (String v : referenceWords) {
            codesByValue.put(v, codesByValue.size());
        }
        String[] currentWords = current.dictionary();
        int[] currentToUnion = new int[currentWords.length];
        for (int i = 0; i < currentWords.length; i++) {
            currentToUnion[i] = codesByValue.computeIfAbsent(currentWords[i], k -> codesByValue.size());
        }
        int[] codes = new int[n];
        System.arraycopy(reference.codes(), 0, codes, 0, nr);
        int[] currentCodes = current.codes();
        for (int i = 0; i < nc; i++) {
            codes[nr + i] = currentToUnion[currentCodes[i]];
        }
        int k = codesByValue.size();
        long[] total = new long[k];
        long[] referenceCounts = new long[k];
        for (int i = 0; i < n; i++) {
            total[codes[i]]++;
            if (i < nr) {
                referenceCounts[codes[i]]++;
            }
        }
        double observed = tvd(referenceCounts, total, nr, nc);
        LegacyNumpyRandom random = new LegacyNumpyRandom(0);
        long[] permuted = new long[k];
        int atLeast = 0;
        for (int iteration = 0; iteration < TVD_PERMUTATIONS; iteration++) {
            int[] order = random.permutation(n);
            Arrays.fill(permuted, 0);
            for (int i = 0; i < nr; i++) {
                permuted[codes[order[i]]]++;
            }
            if (observed <= tvd(permuted, total, nr, nc)) {
                atLeast++;
            }
        }
        return (double) atLeast / TVD_PERMUTATIONS;
    }

    private static double tvd(long[] referenceCounts, long[] total, int nr, int nc) {
        double[] differences = new double[total.length];
        for (int i = 0; i < total.length; i++) {
            long currentCount = total[i] - referenceCounts[i];
            differences[i] = Math.abs((double) referenceCounts[i] / nr - (double) currentCount / nc);
        }
        return 0.5 * NumpySum.sum(differences);
    }

    /**
     * Evidently's empirical_mmd p-value: an RBF kernel over reference ∪ current with the median
     * heuristic on the reference's squared distances (NumPy's "nearest" percentile), the diagonal
     * zeroed, the unbiased MMD² of the observed split, and the share of 100 permutations (NumPy's
     * legacy {@code permutation}, seed 0) whose MMD² is at least the observed one.
     *
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE} for fewer than 2 values on a side
     *     (Evidently divides by zero) or more than {@value #MMD_MAX_VALUES} values in all
     */
    static double mmdPValue(double[] x, double[] y) {
        int nx = x.length;
        int ny = y.length;
        int n = nx + ny;
        if (nx < 2 || ny < 2) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Stat test 'empirical_mmd' needs at least 2 values on each side (reference %d, current %d)", nx, ny);
        }
        if (n > MMD_MAX_VALUES) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Stat test 'empirical_mmd' builds an n×n kernel; reference + current hold %d values, at most %d"
                            + " are allowed (sample the data or choose another test)", n, MMD_MAX_VALUES);
        }
        double[] all = new double[n];
        System.arraycopy(x, 0, all, 0, nx);
        System.arraycopy(y, 0, all, nx, ny);
        // sigma from the reference's own squared distances, numpy's formula y² − 2xy + x²
        double[] referenceDistances = new double[nx * nx];
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < nx; j++) {
                referenceDistances[i * nx + j] = squaredDistance(x[i], x[j]);
            }
        }
        Arrays.sort(referenceDistances);
        double median = referenceDistances[roundHalfEven(0.5 * (referenceDistances.length - 1))];
        double sigma = Math.sqrt(0.5 * median);
        if (sigma == 0.0) {
            sigma = Math.sqrt(0.5);
        }
        double gamma = 1.0 / (2.0 * sigma * sigma);
        // kernel[i][j]: rows and columns are reference then current; the x–y block is computed as
        // d(x_i, y_j) in both triangles, as numpy builds [[kxx, kxy], [kxy.T, kyy]]
        double[] kernel = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                double d;
                if (i < nx && j < nx) {
                    d = squaredDistance(all[i], all[j]);
                } else if (i < nx) {
                    d = squaredDistance(all[i], all[j]);
                } else if (j < nx) {
                    d = squaredDistance(all[j], all[i]);
                } else {
                    d = squaredDistance(all[i], all[j]);
                }
                kernel[i * n + j] = Math.exp(-gamma * d);
            }
        }
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        double observed = mmd(kernel, n, nx, identity);
        LegacyNumpyRandom random = new LegacyNumpyRandom(0);
        int atLeast = 0;
        for (int iteration = 0; iteration < MMD_PERMUTATIONS; iteration++) {
            if (observed <= mmd(kernel, n, nx, random.permutation(n))) {
                atLeast++;
            }
        }
        return (double) atLeast / MMD_PERMUTATIONS;
    }

    /** numpy: dist = doty.T − 2·x·yᵀ + dotx, so d(a, b) = (b² − 2ab) + a². */
    private static double squaredDistance(double a, double b) {
        return b * b - 2 * (a * b) + a * a;
    }

    /**
     * Unbiased MMD² of the split where positions order[0..nx) are the first sample, summed as NumPy sums
     * the blocks of {@code kernel[order][:, order]}: {@code A·Kxx.sum() + B·Kyy.sum() − 2·Kxy.mean()}.
     */
    private static double mmd(double[] kernel, int n, int nx, int[] order) {
        int ny = n - nx;
        double[] buffer = new double[NumpySum.BUFFER];
        double xx = blockSum(kernel, n, order, 0, nx, 0, nx, buffer);
        double yy = blockSum(kernel, n, order, nx, ny, nx, ny, buffer);
        double xy = blockSum(kernel, n, order, nx, ny, 0, nx, buffer);
        double a = 1.0 / ((double) nx * (nx - 1));
        double b = 1.0 / ((double) ny * (ny - 1));
        return a * xx + b * yy - 2.0 * (xy / ((double) nx * ny));
    }

    private static double blockSum(double[] kernel, int n, int[] order, int rowFrom, int rows, int columnFrom,
            int columns, double[] buffer) {
        int rowsPerBuffer = Math.max(1, NumpySum.BUFFER / columns);
        double total = 0.0;
        for (int first = rowFrom; first < rowFrom + rows; first += rowsPerBuffer) {
            int filled = 0;
            int last = Math.min(first + rowsPerBuffer, rowFrom + rows);
            for (int r = first; r < last; r++) {
                int row = order[r] * n;
                for (int c = columnFrom; c < columnFrom + columns; c++) {
                    buffer[filled++] = kernel[row + order[c]];
                }
            }
            total = total + NumpySum.pairwise(buffer, 0, filled);
        }
        return total;
    }

    private static int roundHalfEven(double v) {
        return (int) Math.rint(v);
    }
}
