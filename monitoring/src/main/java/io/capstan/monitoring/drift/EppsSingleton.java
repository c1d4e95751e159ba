package io.capstan.monitoring.drift;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * {@code scipy.stats.epps_singleton_2samp(x, y, t=(0.4, 0.8))} (SciPy 1.17) as Evidently calls it:
 * the empirical characteristic functions at t / (IQR / 2), the biased covariance estimate, its
 * pseudo-inverse (singular values below 1e-15 of the largest dropped, as {@code numpy.linalg.pinv}),
 * the small-sample correction below 25 values, and the chi-square p-value with the rank as degrees
 * of freedom. A singular covariance estimate (at most 3 distinct values) is refused: there SciPy's
 * answer depends on rounding noise in its pseudo-inverse, and Capstan's could not be checked.
 */
final class EppsSingleton {
    private static final double[] T = {0.4, 0.8};
    private static final int DIMENSION = 2 * T.length;
    /** Below this share of the largest eigenvalue the covariance estimate counts as singular. */
    private static final double FULL_RANK_RELATIVE_EIGENVALUE = 1e-10;

    private EppsSingleton() {
    }

    /** Returns the p-value for two samples (any order). */
    static double pValue(double[] x, double[] y) {
        int nx = x.length;
        int ny = y.length;
        double iqr = interquartileRange(ValueCounts.concatSorted(sorted(x), sorted(y)));
        if (iqr == 0) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Stat test 'es' needs a non-zero interquartile range of reference and current together");
        }
        if (nx < 5 || ny < 5) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Stat test 'es' needs at least 5 values on each side (reference %d, current %d)", nx, ny);
        }
        int n = nx + ny;
        double sigma = iqr / 2;
        double[][] gx = features(x, sigma);
        double[][] gy = features(y, sigma);
        double[][] covX = biasedCovariance(gx);
        double[][] covY = biasedCovariance(gy);
        double[][] estimate = new double[DIMENSION][DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            for (int j = 0; j < DIMENSION; j++) {
                estimate[i][j] = ((double) n / nx) * covX[i][j] + ((double) n / ny) * covY[i][j];
            }
        }
        double[] difference = new double[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            difference[i] = mean(gx[i]) - mean(gy[i]);
        }
        // pinv of a symmetric positive semi-definite matrix from its eigendecomposition
        double[][] vectors = new double[DIMENSION][DIMENSION];
        double[] values = symmetricEigen(estimate, vectors);
        double largest = 0.0;
        for (double v : values) {
            largest = Math.max(largest, Math.abs(v));
        }
        for (double v : values) {
            if (Math.abs(v) <= FULL_RANK_RELATIVE_EIGENVALUE * largest) {
                // scipy warns and goes on, but its rank and p-value then hang on rounding noise in the
                // pseudo-inverse (at most 3 distinct values give this): refuse instead of guessing
                throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                        "Stat test 'es' needs a full-rank covariance estimate; this column has too few distinct values");
            }
        }
        double w = 0.0;
        int rank = 0;
        for (int k = 0; k < DIMENSION; k++) {
            if (Math.abs(values[k]) > 1e-15 * largest) {
                rank++;
                double projection = 0.0;
                for (int i = 0; i < DIMENSION; i++) {
                    projection += vectors[i][k] * difference[i];
                }
                w += projection * projection / values[k];
            }
        }
        w *= n;
        if (Math.max(nx, ny) < 25) {
            w *= 1.0 / (1.0 + Math.pow(n, -0.45) + 10.1 * (Math.pow(nx, -1.7) + Math.pow(ny, -1.7)));
        }
        return ChiSquaredDistribution.of(rank).survivalProbability(w);
    }

    private static double[] sorted(double[] values) {
        double[] copy = values.clone();
        java.util.Arrays.sort(copy);
        return copy;
    }

    /** {@code scipy.stats.iqr}: numpy's linear-interpolation percentiles 75 minus 25. */
    private static double interquartileRange(double[] sorted) {
        return percentile(sorted, 75) - percentile(sorted, 25);
    }

    private static double percentile(double[] sorted, double q) {
        double index = q / 100 * (sorted.length - 1);
        int below = (int) Math.floor(index);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = index - below;
        return sorted[below] + (sorted[above] - sorted[below]) * fraction;
    }

    private static double[][] features(double[] sample, double sigma) {
        double[][] g = new double[DIMENSION][sample.length];
        for (int j = 0; j < T.length; j++) {
            double t = T[j] / sigma;
            for (int i = 0; i < sample.length; i++) {
                g[j][i] = Math.cos(t * sample[i]);
                g[T.length + j][i] = Math.sin(t * sample[i]);
            }
        }
        return g;
    }

    private static double mean(double[] values) {
        double sum = 0.0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** numpy.cov (ddof 1) times (n - 1) / n, as scipy writes it. */
    private static double[][] biasedCovariance(double[][] g) {
        int n = g[0].length;
        double[] means = new double[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            means[i] = mean(g[i]);
        }
        double[][] cov = new double[DIMENSION][DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            for (int j = 0; j < DIMENSION; j++) {
                double sum = 0.0;
                for (int k = 0; k < n; k++) {
                    sum += (g[i][k] - means[i]) * (g[j][k] - means[j]);
                }
                cov[i][j] = sum / (n - 1) * (n - 1) / n;
            }
        }
        return cov;
    }

    /** Cyclic Jacobi eigendecomposition of a small symmetric matrix; vectors as columns. */
    private static double[] symmetricEigen(double[][] matrix, double[][] vectors) {
        int size = matrix.length;
        double[][] a = new double[size][];
        for (int i = 0; i < size; i++) {
            a[i] = matrix[i].clone();
            vectors[i][i] = 1.0;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double offDiagonal = 0.0;
            for (int p = 0; p < size; p++) {
                for (int q = p + 1; q < size; q++) {
                    offDiagonal += a[p][q] * a[p][q];
                }
            }
            if (offDiagonal == 0.0) {
                break;
            }
            for (int p = 0; p < size; p++) {
                for (int q = p + 1; q < size; q++) {
                    if (a[p][q] == 0.0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0.0) {
                        t = 1.0;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < size; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < size; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < size; k++) {
                        double vkp = vectors[k][p];
                        double vkq = vectors[k][q];
                        vectors[k][p] = c * vkp - s * vkq;
                        vectors[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = a[i][i];
        }
        return values;
    }
}
