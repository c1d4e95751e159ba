package io.capstan.server;

/** {@code GET /metrics}: Prometheus' scrape endpoint. */
public final class MetricsRoutes {
    private final PrometheusServingMetrics metrics;

    public MetricsRoutes(PrometheusServingMetrics metrics) {
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics is null");
    }

    public void register(Router router) {
        router.add("GET", "/metrics", ex -> ex.bytes(200, metrics.contentType(), metrics.scrape()));
    }
}
