package io.capstan.tracking;

import java.util.Objects;

/**
 * One point of a metric's history. {@code value} may be NaN or infinite.
 *
 * @param modelId the logged model the point belongs to, or null
 * @param datasetName the evaluation dataset's name, or null
 * @param datasetDigest the evaluation dataset's digest, or null
 */
public record Metric(String key, double value, long timestamp, long step,
                     String modelId, String datasetName, String datasetDigest) {
    public Metric {
        Objects.requireNonNull(key, "key is null");
    }

    public Metric(String key, double value, long timestamp, long step) {
        this(key, value, timestamp, step, null, null, null);
    }

    /**
     * MLflow's "latest" order: greater step wins, then newer timestamp, then larger value (NaN
     * counts as 0, as MLflow stores it).
     */
    public boolean isLaterThan(Metric other) {
        if (step != other.step) {
            return step > other.step;
        }
        if (timestamp != other.timestamp) {
            return timestamp > other.timestamp;
        }
        return comparable(value) > comparable(other.value);
    }

    private static double comparable(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
