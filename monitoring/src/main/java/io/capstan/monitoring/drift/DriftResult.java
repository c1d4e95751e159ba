package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one stat test on one column, in Evidently's terms.
 *
 * @param stattest Evidently's id of the test that ran, e.g. {@code "ks"}; not null
 * @param score the p-value or distance; NaN is rejected, infinity is allowed (KL of disjoint bins)
 * @param threshold the threshold the decision used
 * @param drifted whether the test reports drift
 */
public record DriftResult(String stattest, double score, double threshold, boolean drifted) {
    public DriftResult {
        requireNonNull(stattest, "stattest is null");
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score is NaN for " + stattest);
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold is not finite: " + threshold);
        }
    }
}
