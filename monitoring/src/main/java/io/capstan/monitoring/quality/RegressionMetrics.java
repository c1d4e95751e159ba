package io.capstan.monitoring.quality;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Regression quality as scikit-learn defines it: the root of {@code mean_squared_error},
 * {@code mean_absolute_error} and {@code r2_score} (1 when truth and predictions are equal and constant,
 * 0 when the truth is constant and they differ, left out for fewer than two rows). Stateless.
 */
public final class RegressionMetrics {
    private RegressionMetrics() {
    }

    /**
     * Returns rmse, mae and r2, in that order.
     *
     * @param truth true values; not empty, finite
     * @param predicted predicted values, same length
     */
    public static Map<String, Double> compute(double[] truth, double[] predicted) {
        if (truth.length == 0 || truth.length != predicted.length) {
            throw new IllegalArgumentException("need as many predictions as values, and at least one");
        }
        int n = truth.length;
        double squared = 0;
        double absolute = 0;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            double error = truth[i] - predicted[i];
            squared += error * error;
            absolute += Math.abs(error);
            mean += truth[i];
        }
        mean /= n;
        double total = 0;
        for (double t : truth) {
            total += (t - mean) * (t - mean);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rmse", Math.sqrt(squared / n));
        metrics.put("mae", absolute / n);
        if (n >= 2) {
            metrics.put("r2", total == 0 ? (squared == 0 ? 1.0 : 0.0) : 1 - squared / total);
        }
        return metrics;
    }
}
