package io.capstan.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A window's model quality, from the rows whose true label is known.
 *
 * @param labelledRows rows with a true label
 * @param metrics metric name to value, in a fixed order ({@code accuracy}, {@code precision},
 *     {@code recall}, {@code f1}, {@code auc}; {@code rmse}, {@code mae}, {@code r2}); a metric that is
 *     undefined for the rows (e.g. AUC with one class) is absent; copied, not null
 */
public record Quality(int labelledRows, Map<String, Double> metrics) {
    public Quality {
        requireNonNull(metrics, "metrics is null");
        Map<String, Double> copy = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                copy.put(k, v);
            }
        });
        metrics = Collections.unmodifiableMap(copy);
        if (labelledRows < 0) {
            throw new IllegalArgumentException("labelledRows is negative");
        }
    }

    /** Quality with no labelled row. */
    public static Quality none() {
        return new Quality(0, Map.of());
    }
}
