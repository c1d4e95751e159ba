package io.capstan.monitoring.spi;

import io.capstan.monitoring.monitor.WindowResult;
import java.util.List;

/**
 * Where monitors and alerts publish their current numbers (Prometheus gauges in a server).
 * Implementations are thread-safe.
 */
public interface MonitorMetrics {
    /**
     * What a monitor shows: its newest evaluated window, its newest tested one (status {@code ok}) and
     * its newest one with quality; either of the last two may be null.
     */
    record Shown(WindowResult latest, WindowResult latestTested, WindowResult latestWithQuality) {
        public Shown {
            java.util.Objects.requireNonNull(latest, "latest is null");
        }
    }

    /** Shows these monitors' windows, and forgets monitors not in the list. */
    void showWindows(List<Shown> monitors);

    /** Shows whether a rule is firing. */
    void showAlert(String rule, String monitor, boolean firing);

    /** Forgets a rule. */
    void forgetAlert(String rule, String monitor);

    /** Counts an alert event ({@code firing} or {@code resolved}). */
    void countEvent(String rule, String kind);

    /** Publishes nothing. */
    MonitorMetrics NONE = new MonitorMetrics() {
        @Override
        public void showWindows(List<Shown> monitors) {
        }

        @Override
        public void showAlert(String rule, String monitor, boolean firing) {
        }

        @Override
        public void forgetAlert(String rule, String monitor) {
        }

        @Override
        public void countEvent(String rule, String kind) {
        }
    };
}
