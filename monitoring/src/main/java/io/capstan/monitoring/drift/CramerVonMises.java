package io.capstan.monitoring.drift;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;

/**
 * Evidently's own two-sample Cramér–von Mises test ({@code _cvm_2samp}, copied from SciPy) on its
 * asymptotic branch, taken when either sample has more than 20 values.
 *
 * <p>The exact branch (both samples at most 20 values) is not reproduced: under NumPy 2 Evidently
 * 0.7.23 either fails there ({@code UFuncTypeError}) or counts in {@code numpy.min_scalar_type}
 * precision (float16/float32), so no number of Capstan's could be checked against it.
 */
final class CramerVonMises {
    /** Evidently uses the exact distribution when neither sample has more than this many values. */
    static final int EXACT_MAX_N = 20;

    private CramerVonMises() {
    }

    /** Returns Evidently's p-value for two sorted samples. */
    static double pValue(double[] x, double[] y) {
        int nx = x.length;
        int ny = y.length;
        if (nx <= 1 || ny <= 1) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Stat test 'cramer_von_mises' needs at least two values on each side");
        }
        if (Math.max(nx, ny) <= EXACT_MAX_N) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Stat test 'cramer_von_mises' is not supported when neither side has more than %d values: "
                            + "Evidently 0.7.23's exact branch fails or loses precision under NumPy 2",
                    EXACT_MAX_N);
        }
        double[] ranks = averageRanks(x, y);
        double u = 0.0;
        for (int i = 0; i < nx; i++) {
            double d = ranks[i] - (i + 1);
            u += d * d;
        }
        u *= nx;
        double uy = 0.0;
        for (int i = 0; i < ny; i++) {
            double d = ranks[nx + i] - (i + 1);
            uy += d * d;
        }
        u += ny * uy;
        double k = (double) nx * ny;
        double bigN = nx + ny;
        double t = u / (k * bigN) - (4 * k - 1) / (6 * bigN);
        double et = (1 + 1 / bigN) / 6;
        double vt = (bigN + 1.0) * (4 * k * bigN - 3 * ((double) nx * nx + (double) ny * ny) - 2 * k);
        vt = vt / (45 * bigN * bigN * 4 * k);
        double tn = 1.0 / 6 + (t - et) / Math.sqrt(45 * vt);
        if (tn < 0.003) {
            return 1.0;
        }
        return Math.max(0, 1.0 - limitingCdf(tn));
    }

    /** {@code rankdata(concat(x, y), "average")} for sorted x and y. */
    private static double[] averageRanks(double[] x, double[] y) {
        double[] all = ValueCounts.concatSorted(x, y);
        double[] ranks = new double[x.length + y.length];
        for (int i = 0; i < x.length; i++) {
            ranks[i] = averageRank(all, x[i]);
        }
        for (int i = 0; i < y.length; i++) {
            ranks[x.length + i] = averageRank(all, y[i]);
        }
        return ranks;
    }

    private static double averageRank(double[] sorted, double value) {
        int below = SturgesBins.lowerBound(sorted, value);
        int upTo = SturgesBins.upperBound(sorted, value);
        return (below + 1 + upTo) / 2.0;
    }

    /**
     * The limiting distribution's CDF (Csörgő and Faraway 1996, eq. 1.2), summed term by term until a
     * term falls below 1e-7, as Evidently does.
     */
    private static double limitingCdf(double x) {
        double total = 0.0;
        // gamma(k + 0.5) / gamma(k + 1), updated by the recurrence instead of exp(gammaln - gammaln)
        double gammaRatio = Math.sqrt(Math.PI);
        for (int k = 0; ; k++) {
            if (k > 0) {
                gammaRatio *= (k - 0.5) / k;
            }
            double u = gammaRatio / (Math.pow(Math.PI, 1.5) * Math.sqrt(x));
            double y = 4 * k + 1;
            double q = y * y / (16 * x);
            double term = u * Math.sqrt(y) * scaledBesselK(q);
            total += term;
            if (!(Math.abs(term) >= 1e-7)) {
                return total;
            }
        }
    }

    /**
     * Returns {@code exp(-q) * K_{1/4}(q)} from {@code K_nu(q) = ∫_0^∞ exp(-q cosh t) cosh(nu t) dt} by
     * the trapezoidal rule, which converges geometrically for this analytic, double-exponentially
     * decaying integrand.
     */
    static double scaledBesselK(double q) {
        double step = 0.005;
        double sum = 0.5 * Math.exp(-2 * q);
        for (int i = 1; ; i++) {
            double t = i * step;
            double exponent = q * (1 + Math.cosh(t));
            double value = Math.exp(-exponent) * Math.cosh(0.25 * t);
            sum += value;
            if (exponent - 2 * q > 60 && value < 1e-300 + sum * 1e-18) {
                return sum * step;
            }
        }
    }
}
