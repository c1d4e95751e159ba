package io.capstan.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.monitoring.drift.DriftOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

/**
 * What a monitor watches, what it compares with, and how often.
 *
 * @param name the monitor's name; 1-128 letters, digits, {@code . _ -}
 * @param source the data watched; not null
 * @param referenceUri the reference data: a CSV/Parquet path or {@code runs:/<run_id>/<artifact path>}; not blank
 * @param featureNames names of a 2-D input tensor's columns, in order; empty for the default naming
 * @param columns the columns to test; empty for every column the window and the reference share
 * @param window the window length: 10 seconds to 30 days, a whole number of seconds
 * @param delay how long after a window ends it is evaluated: 0 to 1 day
 * @param minRows fewer rows (or labelled rows, for quality) and a window is not tested; at least 1
 * @param drift the drift tests' options (their {@code columns} are ignored: see {@code columns})
 * @param quality how quality is measured once labels arrive, or null for drift only
 * @param start the first window's start, aligned to the window length; null in a spec as written, for
 *     "the stored monitor's start, else the window holding the time it is created" ({@link #withStart})
 * @throws CapstanException INVALID_PARAMETER_VALUE when a part is out of range
 */
public record MonitorSpec(String name, MonitorSource source, String referenceUri, List<String> featureNames,
        List<String> columns, Duration window, Duration delay, int minRows, DriftOptions drift, QualitySpec quality,
        Instant start) {

    /** The shortest window. */
    public static final Duration MIN_WINDOW = Duration.ofSeconds(10);
    /** The longest window. */
    public static final Duration MAX_WINDOW = Duration.ofDays(30);
    /** The longest delay. */
    public static final Duration MAX_DELAY = Duration.ofDays(1);

    public MonitorSpec {
        requireNonNull(name, "name is null");
        requireNonNull(source, "source is null");
        requireNonNull(referenceUri, "referenceUri is null");
        featureNames = List.copyOf(requireNonNull(featureNames, "featureNames is null"));
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(window, "window is null");
        requireNonNull(delay, "delay is null");
        requireNonNull(drift, "drift is null");
        if (!name.matches("[A-Za-z0-9._-]{1,128}")) {
            throw CapstanException.invalid("Monitor name '%s' must be 1-128 letters, digits, '.', '_' or '-'", name);
        }
        if (referenceUri.isBlank()) {
            throw CapstanException.invalid("Monitor '%s' needs a reference ('reference.uri')", name);
        }
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0 || window.toMillis() % 1000 != 0) {
            throw CapstanException.invalid("'window_seconds' must be a whole number from 10 to 2592000, got %s",
                    window.toMillis() / 1000.0);
        }
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw CapstanException.invalid("'delay_seconds' must be from 0 to 86400");
        }
        if (minRows < 1) {
            throw CapstanException.invalid("'min_rows' must be at least 1, got %d", minRows);
        }
        if (start != null && start.toEpochMilli() % window.toMillis() != 0) {
            throw CapstanException.invalid("'start' must be a multiple of the window length since 1970-01-01T00:00:00Z");
        }
        if (new HashSet<>(featureNames).size() != featureNames.size()) {
            throw CapstanException.invalid("'feature_names' lists a name twice");
        }
        if (quality != null && quality.target() != null && !(source instanceof MonitorSource.Dataset)) {
            throw CapstanException.invalid("'quality.target' applies to dataset sources; a deployment's labels "
                    + "are posted to /api/capstan/ground-truth");
        }
        if (quality != null && quality.target() == null && source instanceof MonitorSource.Dataset) {
            throw CapstanException.invalid("A dataset monitor measuring quality needs 'quality.target', the column "
                    + "with the true label");
        }
    }

    /** Returns this spec with its first window's start set to the window holding {@code time}. */
    public MonitorSpec withStart(Instant time) {
        return new MonitorSpec(name, source, referenceUri, featureNames, columns, window, delay, minRows, drift,
                quality, windowStartOf(time));
    }

    /** Returns the start of the window holding {@code time}. */
    public Instant windowStartOf(Instant time) {
        long length = window.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), length) * length);
    }

    /** Returns the deployment watched, or null for a dataset source. */
    public String deployment() {
        return source instanceof MonitorSource.Deployment d ? d.deployment() : null;
    }
}
