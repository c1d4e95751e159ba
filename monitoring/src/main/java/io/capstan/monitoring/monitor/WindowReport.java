package io.capstan.monitoring.monitor;

import static java.util.Objects.requireNonNull;

/**
 * What an evaluated window shows in full.
 *
 * @param driftJson the drift result in {@code capstan drift --json}'s schema; null unless the window was tested
 * @param html the self-contained HTML report; null unless the window was tested
 */
public record WindowReport(String driftJson, String html) {
    public WindowReport {
        if ((driftJson == null) != (html == null)) {
            throw new IllegalArgumentException("a report has both its JSON and its HTML, or neither");
        }
    }

    /** The report of a window that was not tested. */
    public static WindowReport none() {
        return new WindowReport(null, null);
    }

    /** Whether there is a report. */
    public boolean present() {
        return driftJson != null;
    }

    static WindowReport of(String json, String html) {
        return new WindowReport(requireNonNull(json), requireNonNull(html));
    }
}
