package io.capstan.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.monitoring.monitor.Quality;
import io.capstan.monitoring.monitor.WindowResult;
import io.capstan.monitoring.monitor.WindowStatus;
import io.capstan.monitoring.spi.MonitorMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusMonitorMetricsTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static WindowResult tested(Instant start, Quality quality) {
        return new WindowResult("iris", start, start.plusSeconds(3600), WindowStatus.OK, null, 120, 150, true, 0.5, 2, 1,
                List.of(new WindowResult.ColumnScore("age", "num", "ks", 0.001, 0.05, true),
                        new WindowResult.ColumnScore("city", "cat", "chisquare", 0.4, 0.05, false)),
                quality, start.plusSeconds(3700));
    }

    String scrape(PrometheusMonitorMetrics metrics) throws Exception {
        return new String(metrics.scrape(), StandardCharsets.UTF_8);
    }

    @Test
    void driftComesFromTheNewestTestedWindowAndQualityFromTheNewestLabelledOne() throws Exception {
        PrometheusMonitorMetrics metrics = new PrometheusMonitorMetrics();
        WindowResult quiet = new WindowResult("iris", T0.plusSeconds(7200), T0.plusSeconds(10800),
                WindowStatus.INSUFFICIENT_DATA, "3 rows", 3, 150, null, null, 0, 0, List.of(), null, T0.plusSeconds(10900));
        metrics.showWindows(List.of(new MonitorMetrics.Shown(quiet, tested(T0.plusSeconds(3600), null),
                tested(T0, new Quality(80, Map.of("accuracy", 0.9))))));
        metrics.showAlert("drifting", "iris", true);
        metrics.countEvent("drifting", "firing");
        String text = scrape(metrics);
        assertThat(text).contains("capstan_monitor_rows{monitor=\"iris\"} 3.0")
                .contains("capstan_monitor_drift_share{monitor=\"iris\"} 0.5")
                .contains("capstan_monitor_dataset_drift{monitor=\"iris\"} 1.0")
                .contains("capstan_monitor_tested_window_end_seconds{monitor=\"iris\"} 1.7961264E9")
                .contains("capstan_monitor_column_drift_score{column=\"age\",monitor=\"iris\",stattest=\"ks\"} 0.001")
                .contains("capstan_monitor_column_drift_detected{column=\"city\",monitor=\"iris\"} 0.0")
                .contains("capstan_monitor_quality{metric=\"accuracy\",monitor=\"iris\"} 0.9")
                .contains("capstan_alert_firing{monitor=\"iris\",rule=\"drifting\"} 1.0")
                .contains("capstan_alert_events_total{kind=\"firing\",rule=\"drifting\"} 1.0");

        metrics.showWindows(List.of());
        metrics.forgetAlert("drifting", "iris");
        assertThat(scrape(metrics)).doesNotContain("monitor=\"iris\"");
    }
}
