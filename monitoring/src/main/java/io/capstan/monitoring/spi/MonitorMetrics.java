package io.capstan.monitoring.spi;

import io.capstan.monitoring.monitor.WindowResult;
import java.util.List;

/**
 * Where monitors and alerts publish their current numbers (Prometheus gauges in a server).
 * Implementations are thread-safe.
 */
public interface MonitorMetrics {
    /**
     * Shows these windows, the newest evaluated window of each monitor, and forgets monitors not in
     * the list.
     */
    void showWindows(List<WindowResult> latest);

    /** Shows whether a rule is firing. */
    void showAlert(String rule, String monitor, boolean firing);

    /** Forgets a rule. */
    void forgetAlert(String rule, String monitor);

    /** Counts an alert event ({@code firing} or {@code resolved}). */
    void countEvent(String rule, String kind);

    /** Publishes nothing. */
    MonitorMetrics NONE = new MonitorMetrics() {
        @Override
        public void showWindows(List<WindowResult> latest) {
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
