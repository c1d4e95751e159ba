package io.capstan.monitoring.drift;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * The asymptotic two-sided two-sample KS p-value of a statistic D for sizes n and m, as
 * {@code scipy.stats.ks_2samp(method="asymp")} computes it: the one-sample Kolmogorov distribution
 * {@code kstwo} at n·m/(n+m).
 *
 * <p>Commons Statistics computes exactly this for {@code KolmogorovSmirnovTest.test(x, y)} with the
 * asymptotic method (which is why the exact drift path matches scipy), but exposes it only through the
 * two samples; sketch mode has D and the sizes, not the samples. So the library's own routine
 * ({@code twoSampleApproximateP}, package-private in the pinned commons-statistics-inference 1.2) is
 * called reflectively rather than re-implementing the Kolmogorov distribution; {@code KsAsymptoticTest}
 * checks it against the public API, so a library upgrade that moves it fails a test, not a run.
 */
final class KsAsymptotic {
    private static final MethodHandle APPROXIMATE_P = find();

    private KsAsymptotic() {
    }

    private static MethodHandle find() {
        try {
            Method method = KolmogorovSmirnovTest.class.getDeclaredMethod("twoSampleApproximateP", double.class,
                    int.class, int.class, boolean.class);
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("commons-statistics-inference lacks twoSampleApproximateP: " + e);
        }
    }

    /**
     * Returns the two-sided p-value.
     *
     * @param d the statistic, in [0, 1]
     * @param n the first sample's size, at least 1
     * @param m the second sample's size, at least 1
     */
    static double pValue(double d, long n, long m) {
        try {
            return (double) APPROXIMATE_P.invokeExact(Math.min(Math.max(d, 0.0), 1.0), Math.toIntExact(n),
                    Math.toIntExact(m), true);
        } catch (ArithmeticException e) {
            throw new io.capstan.core.CapstanException(io.capstan.core.ErrorCode.INVALID_PARAMETER_VALUE,
                    "The KS p-value takes at most %d values per side, got %d and %d", Integer.MAX_VALUE, n, m);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
