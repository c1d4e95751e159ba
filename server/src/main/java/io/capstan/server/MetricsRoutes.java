package io.capstan.server;

import java.io.ByteArrayOutputStream;

/** {@code GET /metrics}: Prometheus' scrape endpoint, serving and monitoring metrics together. */
public final class MetricsRoutes {
    private final PrometheusServingMetrics metrics;
    private final PrometheusMonitorMetrics monitors;

    /** Serving metrics only ({@code capstan serve}). */
    public MetricsRoutes(PrometheusServingMetrics metrics) {
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics is null");
        this.monitors = null;
    }

    /** Serving and monitoring metrics ({@code capstan server}). */
    public MetricsRoutes(PrometheusServingMetrics metrics, PrometheusMonitorMetrics monitors) {
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics is null");
        this.monitors = java.util.Objects.requireNonNull(monitors, "monitors is null");
    }

    public void register(Router router) {
        router.add("GET", "/metrics", ex -> {
            // two registries, one text: the exposition format is a list of metric families
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            out.write(metrics.scrape());
            if (monitors != null) {
                out.write(monitors.scrape());
            }
            ex.bytes(200, metrics.contentType(), out.toByteArray());
        });
    }
}
