package io.capstan.server;

import io.capstan.monitoring.monitor.WindowResult;
import io.capstan.monitoring.spi.MonitorMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Monitors' newest windows and alert rules as Prometheus gauges ({@code capstan_monitor_*},
 * {@code capstan_alert_*}; see docs/monitoring.md): rows and the window's end from the newest evaluated
 * window, drift from the newest tested one, quality from the newest one with labels. Every scrape shows the store's state as of the
 * last monitor tick, so all servers sharing a store show the same numbers. Thread-safe.
 */
public final class PrometheusMonitorMetrics implements MonitorMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge datasetDrift = gauge("capstan_monitor_dataset_drift",
            "1 when the newest tested window drifted, else 0", "monitor");
    private final Gauge driftShare = gauge("capstan_monitor_drift_share",
            "Share of tested columns that drifted in the newest tested window", "monitor");
    private final Gauge driftedColumns = gauge("capstan_monitor_drifted_columns",
            "Columns that drifted in the newest tested window", "monitor");
    private final Gauge rows = gauge("capstan_monitor_rows", "Rows in the newest evaluated window", "monitor");
    private final Gauge windowEnd = gauge("capstan_monitor_window_end_seconds",
            "End of the newest evaluated window, seconds since the epoch", "monitor");
    private final Gauge testedEnd = gauge("capstan_monitor_tested_window_end_seconds",
            "End of the newest tested window (whose drift the drift gauges show), seconds since the epoch", "monitor");
    private final Gauge columnScore = gauge("capstan_monitor_column_drift_score",
            "Drift score of a column in the newest tested window (a p-value or a distance, per stattest)",
            "monitor", "column", "stattest");
    private final Gauge columnDetected = gauge("capstan_monitor_column_drift_detected",
            "1 when a column drifted in the newest tested window, else 0", "monitor", "column");
    private final Gauge quality = gauge("capstan_monitor_quality",
            "Model quality of the newest window with labelled rows", "monitor", "metric");
    private final Gauge firing = gauge("capstan_alert_firing", "1 while an alert rule fires, else 0", "rule",
            "monitor");
    private final Counter events = Counter.builder().name("capstan_alert_events")
            .help("Alert events raised by this server").labelNames("rule", "kind").register(registry);
    private final ExpositionFormats formats = ExpositionFormats.init();
    /** The label values of each monitor's column and quality series, to remove them when they go. */
    private final Map<String, Set<List<String>>> shown = new ConcurrentHashMap<>();

    private Gauge gauge(String name, String help, String... labels) {
        return Gauge.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    @Override
    public synchronized void showWindows(List<Shown> shownMonitors) {
        Set<String> monitors = new HashSet<>();
        for (Shown shownMonitor : shownMonitors) {
            WindowResult w = shownMonitor.latest();
            String m = w.monitor();
            monitors.add(m);
            forgetSeries(m);
            Set<List<String>> series = new HashSet<>();
            rows.labelValues(m).set(w.rows());
            windowEnd.labelValues(m).set(w.end().getEpochSecond());
            WindowResult tested = shownMonitor.latestTested();
            if (tested != null) {
                datasetDrift.labelValues(m).set(tested.datasetDrift() ? 1 : 0);
                driftShare.labelValues(m).set(tested.driftShare());
                driftedColumns.labelValues(m).set(tested.numberOfDriftedColumns());
                testedEnd.labelValues(m).set(tested.end().getEpochSecond());
                for (WindowResult.ColumnScore c : tested.columns()) {
                    columnScore.labelValues(m, c.column(), c.stattest()).set(c.score());
                    columnDetected.labelValues(m, c.column()).set(c.detected() ? 1 : 0);
                    series.add(List.of("column", c.column(), c.stattest()));
                }
            } else {
                for (Gauge g : List.of(datasetDrift, driftShare, driftedColumns, testedEnd)) {
                    g.remove(m);
                }
            }
            WindowResult labelled = shownMonitor.latestWithQuality();
            if (labelled != null) {
                labelled.quality().metrics().forEach((metric, value) -> {
                    quality.labelValues(m, metric).set(value);
                    series.add(List.of("quality", metric));
                });
            }
            shown.put(m, series);
        }
        for (String m : Set.copyOf(shown.keySet())) {
            if (!monitors.contains(m)) {
                forgetSeries(m);
                shown.remove(m);
                for (Gauge g : List.of(datasetDrift, driftShare, driftedColumns, rows, windowEnd, testedEnd)) {
                    g.remove(m);
                }
            }
        }
    }

    private void forgetSeries(String monitor) {
        for (List<String> s : shown.getOrDefault(monitor, Set.of())) {
            if (s.get(0).equals("column")) {
                columnScore.remove(monitor, s.get(1), s.get(2));
                columnDetected.remove(monitor, s.get(1));
            } else {
                quality.remove(monitor, s.get(1));
            }
        }
    }

    @Override
    public void showAlert(String rule, String monitor, boolean isFiring) {
        firing.labelValues(rule, monitor).set(isFiring ? 1 : 0);
    }

    @Override
    public void forgetAlert(String rule, String monitor) {
        firing.remove(rule, monitor);
    }

    @Override
    public void countEvent(String rule, String kind) {
        events.labelValues(rule, kind).inc();
    }

    /** Every metric in Prometheus' text exposition format 0.0.4. */
    public byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        formats.getPrometheusTextFormatWriter().write(out, registry.scrape());
        return out.toByteArray();
    }
}
