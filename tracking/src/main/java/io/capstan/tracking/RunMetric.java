package io.capstan.tracking;

import java.util.Objects;

/** A metric point together with the run it belongs to (bulk history reads). */
public record RunMetric(String runId, Metric metric) {
    public RunMetric {
        Objects.requireNonNull(runId, "runId is null");
        Objects.requireNonNull(metric, "metric is null");
    }
}
