package io.capstan.server;

import io.capstan.serving.spi.ServingMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Serving metrics in Prometheus' text format, named as Triton names them where Triton has the
 * metric ({@code nv_inference_request_success}, {@code nv_inference_count},
 * {@code nv_inference_exec_count}, {@code nv_inference_request_duration_us},
 * {@code nv_inference_compute_infer_duration_us}, {@code nv_inference_pending_request_count}), so
 * Triton dashboards keep working; counters carry the {@code _total} suffix Prometheus requires.
 * Latency histograms, which Triton only has as summaries, are {@code capstan_*}. Labels:
 * {@code deployment} (a shadow's copies as {@code <name>/shadow}, so sums over a deployment leave
 * them out; {@code capstan serve}: the served name), {@code model}, {@code version}. Thread-safe.
 */
public final class PrometheusServingMetrics implements ServingMetrics {
    private static final double[] LATENCY_BUCKETS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    private static final String[] LABELS = {"deployment", "model", "version"};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter success = Counter.builder().name("nv_inference_request_success")
            .help("Successful inference requests").labelNames(LABELS).register(registry);
    private final Counter failure = Counter.builder().name("nv_inference_request_failure")
            .help("Failed inference requests").labelNames(LABELS).register(registry);
    private final Counter inferenceCount = Counter.builder().name("nv_inference_count")
            .help("Inferences performed (a batch of n rows counts n)").labelNames(LABELS)
            .register(registry);
    private final Counter execCount = Counter.builder().name("nv_inference_exec_count")
            .help("Model executions (batches)").labelNames(LABELS).register(registry);
    private final Counter requestDuration = Counter.builder().name("nv_inference_request_duration_us")
            .help("Cumulative end-to-end inference request time in microseconds").labelNames(LABELS)
            .register(registry);
    private final Counter computeDuration = Counter.builder().name("nv_inference_compute_infer_duration_us")
            .help("Cumulative time inside the model runtime in microseconds").labelNames(LABELS)
            .register(registry);
    private final Gauge pending = Gauge.builder().name("nv_inference_pending_request_count")
            .help("Requests waiting for or inside the model").labelNames(LABELS).register(registry);
    private final Histogram requestSeconds = Histogram.builder().name("capstan_inference_request_duration_seconds")
            .help("End-to-end inference request latency").labelNames("deployment", "model", "version", "protocol", "code")
            .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
    private final Histogram computeSeconds = Histogram.builder().name("capstan_inference_compute_duration_seconds")
            .help("Time inside the model runtime per execution").labelNames(LABELS)
            .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
    private final Histogram batchSize = Histogram.builder().name("capstan_inference_batch_size")
            .help("Rows per model execution").labelNames(LABELS)
            .classicOnly().classicUpperBounds(BATCH_BUCKETS).register(registry);
    private final ExpositionFormats formats = ExpositionFormats.init();

    @Override
    public void execution(String deployment, String model, String version, int rows, long computeNanos,
            boolean ok) {
        execCount.labelValues(deployment, model, version).inc();
        if (ok) {
            inferenceCount.labelValues(deployment, model, version).inc(rows);
        }
        computeDuration.labelValues(deployment, model, version).inc(computeNanos / 1_000.0);
        computeSeconds.labelValues(deployment, model, version).observe(computeNanos / 1e9);
        batchSize.labelValues(deployment, model, version).observe(rows);
    }

    @Override
    public void request(String deployment, String model, String version, String protocol, int status, long nanos) {
        (status < 400 ? success : failure).labelValues(deployment, model, version).inc();
        requestDuration.labelValues(deployment, model, version).inc(nanos / 1_000.0);
        requestSeconds.labelValues(deployment, model, version, protocol, Integer.toString(status))
                .observe(nanos / 1e9);
    }

    @Override
    public void pending(String deployment, String model, String version, int delta) {
        pending.labelValues(deployment, model, version).inc(delta);
    }

    /** Every metric in Prometheus' text exposition format 0.0.4. */
    public byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        formats.getPrometheusTextFormatWriter().write(out, registry.scrape());
        return out.toByteArray();
    }

    /** The content type of {@link #scrape()}. */
    public String contentType() {
        return formats.getPrometheusTextFormatWriter().getContentType();
    }
}
