package io.capstan.monitoring.drift;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;

/**
 * The two-sample case of {@code scipy.stats.anderson_ksamp} (SciPy 1.17) as Evidently calls it:
 * no {@code variant}, so the midrank statistic A2akN of Scholz and Stephens (1987, eq. 7),
 * standardised, and its significance level read off SciPy's quadratic fit of log(significance)
 * against the interpolated critical values, capped to [0.001, 0.25].
 */
final class AndersonDarlingKSample {
    private static final double[] B0 = {0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085};
    private static final double[] B1 = {-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615};
    private static final double[] B2 = {-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154};
    private static final double[] SIGNIFICANCE = {0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001};

    private AndersonDarlingKSample() {
    }

    /** Returns SciPy's capped significance level for two sorted samples. */
    static double pValue(double[] x, double[] y) {
        double[] z = ValueCounts.concatSorted(x, y);
        double[] distinct = ValueCounts.distinct(z);
        if (distinct.length < 2) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Stat test 'anderson' needs more than one distinct value (Evidently's scipy call raises)");
        }
        int k = 2;
        int bigN = z.length;
        if (bigN < 4) {
            // scipy's variance formula divides by (N - 1)(N - 2)(N - 3)
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Stat test 'anderson' needs at least 4 values in all, got %d", bigN);
        }
        double a2 = midrankStatistic(new double[][] {x, y}, z, distinct);

        double h1 = 1.0 / x.length + 1.0 / y.length;
        // hs_cs = cumsum(1 / arange(N - 1, 1, -1)); h = hs_cs[-1] + 1; g = sum(hs_cs / arange(2, N))
        double cumulative = 0.0;
        double g = 0.0;
        for (int i = 0, j = bigN - 1; j > 1; i++, j--) {
            cumulative += 1.0 / j;
            g += cumulative / (i + 2);
        }
        double h = cumulative + 1;
        double n = bigN;
        double a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * h1;
        double b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * h1 - 8 * h + 4 * g - 6;
        double c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * h1 + 4 * h;
        double d = (2 * h + 6) * k * k - 4 * h * k;
        double sigmaSquared = (a * n * n * n + b * n * n + c * n + d) / ((n - 1.) * (n - 2.) * (n - 3.));
        int m = k - 1;
        double standardised = (a2 - m) / Math.sqrt(sigmaSquared);

        double[] critical = new double[B0.length];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < critical.length; i++) {
            critical[i] = B0[i] + B1[i] / Math.sqrt(m) + B2[i] / m;
            min = Math.min(min, critical[i]);
            max = Math.max(max, critical[i]);
        }
        if (standardised < min) {
            return 0.25;
        }
        if (standardised > max) {
            return 0.001;
        }
        double[] logSignificance = new double[SIGNIFICANCE.length];
        for (int i = 0; i < logSignificance.length; i++) {
            logSignificance[i] = Math.log(SIGNIFICANCE[i]);
        }
        double[] fit = quadraticFit(critical, logSignificance);
        return Math.exp((fit[0] * standardised + fit[1]) * standardised + fit[2]);
    }

    /** scipy's {@code _anderson_ksamp_midrank}. */
    private static double midrankStatistic(double[][] samples, double[] z, double[] distinct) {
        int bigN = z.length;
        double statistic = 0.0;
        double[] lj = new double[distinct.length];
        double[] bj = new double[distinct.length];
        for (int j = 0; j < distinct.length; j++) {
            int left = SturgesBins.lowerBound(z, distinct[j]);
            lj[j] = bigN == distinct.length ? 1.0 : SturgesBins.upperBound(z, distinct[j]) - left;
            bj[j] = left + lj[j] / 2.;
        }
        for (double[] s : samples) {
            double inner = 0.0;
            for (int j = 0; j < distinct.length; j++) {
                int right = SturgesBins.upperBound(s, distinct[j]);
                int f = right - SturgesBins.lowerBound(s, distinct[j]);
                double mij = right - f / 2.;
                double diff = bigN * mij - bj[j] * s.length;
                inner += lj[j] / bigN * diff * diff / (bj[j] * (bigN - bj[j]) - bigN * lj[j] / 4.);
            }
            statistic += inner / s.length;
        }
        return statistic * (bigN - 1.) / bigN;
    }

    /** Least-squares {@code numpy.polyfit(x, y, 2)}: coefficients, highest power first. */
    private static double[] quadraticFit(double[] x, double[] y) {
        // Householder QR of the column-scaled Vandermonde matrix, as lstsq solves it, well within 1e-12
        int rows = x.length;
        double[][] a = new double[rows][3];
        double[] rhs = y.clone();
        for (int i = 0; i < rows; i++) {
            a[i][0] = x[i] * x[i];
            a[i][1] = x[i];
            a[i][2] = 1.0;
        }
        double[] scale = new double[3];
        for (int j = 0; j < 3; j++) {
            double sum = 0.0;
            for (int i = 0; i < rows; i++) {
                sum += a[i][j] * a[i][j];
            }
            scale[j] = Math.sqrt(sum);
            for (int i = 0; i < rows; i++) {
                a[i][j] /= scale[j];
            }
        }
        for (int j = 0; j < 3; j++) {
            double norm = 0.0;
            for (int i = j; i < rows; i++) {
                norm += a[i][j] * a[i][j];
            }
            norm = Math.sqrt(norm);
            double alpha = a[j][j] > 0 ? -norm : norm;
            double[] v = new double[rows];
            for (int i = j; i < rows; i++) {
                v[i] = a[i][j];
            }
            v[j] -= alpha;
            double vv = 0.0;
            for (int i = j; i < rows; i++) {
                vv += v[i] * v[i];
            }
            for (int col = j; col < 3; col++) {
                double dot = 0.0;
                for (int i = j; i < rows; i++) {
                    dot += v[i] * a[i][col];
                }
                for (int i = j; i < rows; i++) {
                    a[i][col] -= 2 * dot / vv * v[i];
                }
            }
            double dot = 0.0;
            for (int i = j; i < rows; i++) {
                dot += v[i] * rhs[i];
            }
            for (int i = j; i < rows; i++) {
                rhs[i] -= 2 * dot / vv * v[i];
            }
        }
        double[] coefficients = new double[3];
        for (int j = 2; j >= 0; j--) {
            double sum = rhs[j];
            for (int col = j + 1; col < 3; col++) {
                sum -= a[j][col] * coefficients[col];
            }
            coefficients[j] = sum / a[j][j];
        }
        for (int j = 0; j < 3; j++) {
            coefficients[j] /= scale[j];
        }
        return coefficients;
    }
}
