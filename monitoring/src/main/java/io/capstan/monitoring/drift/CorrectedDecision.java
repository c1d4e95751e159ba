package io.capstan.monitoring.drift;

/**
 * A p-value after a multiple-testing correction, and the decision taken on it: the column's own test
 * rule (e.g. {@code p < threshold} for chi-square, {@code p <= threshold} for KS) applied to the
 * adjusted p-value and the column's threshold.
 *
 * @param adjustedPValue the adjusted p-value, in [0, 1]
 * @param drifted the decision after correction
 */
public record CorrectedDecision(double adjustedPValue, boolean drifted) {
    public CorrectedDecision {
        if (!(adjustedPValue >= 0.0 && adjustedPValue <= 1.0)) {
            throw new IllegalArgumentException("adjusted p-value must be in [0, 1], got " + adjustedPValue);
        }
    }
}
