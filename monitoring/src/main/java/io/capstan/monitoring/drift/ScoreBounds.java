package io.capstan.monitoring.drift;

/**
 * Where the exact drift score lies, given a score estimated from sketches: {@code lower ≤ exact ≤ upper}
 * whenever both sketches keep their stated rank error (DataSketches states it with 99% confidence).
 *
 * @param lower the smallest score the exact data can have
 * @param upper the largest
 */
public record ScoreBounds(double lower, double upper) {
    public ScoreBounds {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("bounds must be ordered numbers, got " + lower + ", " + upper);
        }
    }

    /** Returns whether the decision is the same anywhere in the bounds, for a test with this rule. */
    public boolean decides(StatTest test, double threshold) {
        return test.drifted(lower, threshold) == test.drifted(upper, threshold);
    }
}
