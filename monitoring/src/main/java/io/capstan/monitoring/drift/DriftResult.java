package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one stat test on one column, in Evidently's terms.
 *
 * @param stattest Evidently's id of the test that ran, e.g. {@code "ks"}; not null
 * @param score the p-value or distance; infinity is allowed (KL of disjoint bins), and NaN where
 *     Evidently's test is undefined for the data (a t-test of two constant samples), never drifted
 * @param threshold the threshold the decision used
 * @param drifted whether the test reports drift
 */
public record DriftResult(String stattest, double score, double threshold, boolean drifted) {
    public DriftResult {
        requireNonNull(stattest, "stattest is null");
        if (Double.isNaN(score) && drifted) {
            throw new IllegalArgumentException("an undefined (NaN) score of " + stattest + " cannot be drift");
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold is not finite: " + threshold);
        }
    }
}
