package io.capstan.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusServingMetricsTest {

    @Test
    void exposesTritonNamesWithDeploymentModelAndVersionLabels() throws Exception {
        PrometheusServingMetrics metrics = new PrometheusServingMetrics();
        metrics.execution("prod", "iris", "3", 32, 2_000_000, true);
        metrics.execution("prod", "iris", "3", 1, 1_000, false);
        metrics.request("prod", "iris", "3", "oip", 200, 3_000_000);
        metrics.request("prod", "iris", "3", "mlflow", 400, 1_000_000);
        metrics.pending("prod", "iris", "3", 1);
        // a shadow's copies are their own series, so sums over deployment "prod" leave them out
        metrics.execution("prod/shadow", "iris", "4", 32, 1_000_000, true);
        metrics.request("prod/shadow", "iris", "4", "shadow", 200, 1_000_000);
        String text = new String(metrics.scrape(), UTF_8);
        assertThat(text)
                .contains("nv_inference_count_total{deployment=\"prod\",model=\"iris\",version=\"3\"} 32.0")
                .contains("nv_inference_exec_count_total{deployment=\"prod\",model=\"iris\",version=\"3\"} 2.0")
                .contains("nv_inference_request_success_total{deployment=\"prod\",model=\"iris\",version=\"3\"} 1.0")
                .contains("nv_inference_request_failure_total{deployment=\"prod\",model=\"iris\",version=\"3\"} 1.0")
                .contains("nv_inference_request_duration_us_total{deployment=\"prod\",model=\"iris\",version=\"3\"} 4000.0")
                .contains("nv_inference_pending_request_count{deployment=\"prod\",model=\"iris\",version=\"3\"} 1.0")
                .contains("capstan_inference_batch_size_bucket{deployment=\"prod\",model=\"iris\",version=\"3\",le=\"32.0\"} 2")
                .contains("capstan_inference_request_duration_seconds_bucket{code=\"200\",deployment=\"prod\",model=\"iris\","
                        + "protocol=\"oip\",version=\"3\",le=\"0.005\"} 1");
        assertThat(text)
                .contains("nv_inference_count_total{deployment=\"prod/shadow\",model=\"iris\",version=\"4\"} 32.0")
                .contains("nv_inference_request_success_total{deployment=\"prod/shadow\",model=\"iris\",version=\"4\"} 1.0");
        assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
    }
}
