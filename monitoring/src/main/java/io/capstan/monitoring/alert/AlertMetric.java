package io.capstan.monitoring.alert;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.monitoring.monitor.WindowResult;
import io.capstan.monitoring.monitor.WindowStatus;
import java.util.OptionalDouble;

/**
 * The number of a window an alert rule watches.
 *
 * @param kind which number
 * @param argument the column ({@code COLUMN_*}) or quality metric ({@code QUALITY}); null otherwise
 */
public record AlertMetric(Kind kind, String argument) {

    /** The numbers a window has. */
    public enum Kind {
        /** 1 when the dataset drifted, else 0. */
        DATASET_DRIFT,
        /** The share of tested columns that drifted. */
        DRIFT_SHARE,
        /** How many columns drifted. */
        DRIFTED_COLUMNS,
        /** One column's drift score. */
        COLUMN_SCORE,
        /** 1 when one column drifted, else 0. */
        COLUMN_DETECTED,
        /** Rows in the window (available for tested and insufficient windows). */
        ROWS,
        /** A quality metric (accuracy, f1, auc, rmse, …), once enough rows are labelled. */
        QUALITY
    }

    /** The quality metrics a rule may name. */
    static final java.util.List<String> QUALITY_METRICS =
            java.util.List.of("accuracy", "precision", "recall", "f1", "auc", "rmse", "mae", "r2");

    public AlertMetric {
        requireNonNull(kind, "kind is null");
        boolean needsArgument = kind == Kind.COLUMN_SCORE || kind == Kind.COLUMN_DETECTED || kind == Kind.QUALITY;
        if (needsArgument != (argument != null)) {
            throw new IllegalArgumentException(kind + (needsArgument ? " needs" : " takes no") + " argument");
        }
    }

    /**
     * Reads {@code dataset_drift}, {@code drift_share}, {@code number_of_drifted_columns},
     * {@code column_drift_score:<column>}, {@code column_drift_detected:<column>}, {@code rows} or a
     * quality metric name.
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE for anything else
     */
    public static AlertMetric parse(String text) {
        requireNonNull(text, "text is null");
        switch (text) {
            case "dataset_drift":
                return new AlertMetric(Kind.DATASET_DRIFT, null);
            case "drift_share":
                return new AlertMetric(Kind.DRIFT_SHARE, null);
            case "number_of_drifted_columns":
                return new AlertMetric(Kind.DRIFTED_COLUMNS, null);
            case "rows":
                return new AlertMetric(Kind.ROWS, null);
            default:
                break;
        }
        if (text.startsWith("column_drift_score:") && text.length() > "column_drift_score:".length()) {
            return new AlertMetric(Kind.COLUMN_SCORE, text.substring("column_drift_score:".length()));
        }
        if (text.startsWith("column_drift_detected:") && text.length() > "column_drift_detected:".length()) {
            return new AlertMetric(Kind.COLUMN_DETECTED, text.substring("column_drift_detected:".length()));
        }
        if (QUALITY_METRICS.contains(text)) {
            return new AlertMetric(Kind.QUALITY, text);
        }
        throw CapstanException.invalid("Unknown alert metric '%s': use dataset_drift, drift_share, "
                + "number_of_drifted_columns, rows, column_drift_score:<column>, column_drift_detected:<column>, "
                + "or one of %s", text, String.join(", ", QUALITY_METRICS));
    }

    /** The text form {@link #parse} reads. */
    public String text() {
        return switch (kind) {
            case DATASET_DRIFT -> "dataset_drift";
            case DRIFT_SHARE -> "drift_share";
            case DRIFTED_COLUMNS -> "number_of_drifted_columns";
            case ROWS -> "rows";
            case COLUMN_SCORE -> "column_drift_score:" + argument;
            case COLUMN_DETECTED -> "column_drift_detected:" + argument;
            case QUALITY -> argument;
        };
    }

    /** Whether the number comes from labels, which arrive after the window is evaluated. */
    public boolean fromLabels() {
        return kind == Kind.QUALITY;
    }

    /**
     * Returns the window's value, or empty when the window does not have it: not tested, the column
     * not among the tested ones, or fewer labelled rows than {@code minRows}.
     */
    public OptionalDouble valueOf(WindowResult window, int minRows) {
        boolean tested = window.status() == WindowStatus.OK;
        return switch (kind) {
            case DATASET_DRIFT -> tested ? OptionalDouble.of(window.datasetDrift() ? 1 : 0) : OptionalDouble.empty();
            case DRIFT_SHARE -> tested ? OptionalDouble.of(window.driftShare()) : OptionalDouble.empty();
            case DRIFTED_COLUMNS -> tested ? OptionalDouble.of(window.numberOfDriftedColumns()) : OptionalDouble.empty();
            case ROWS -> window.status() == WindowStatus.ERROR ? OptionalDouble.empty() : OptionalDouble.of(window.rows());
            case COLUMN_SCORE, COLUMN_DETECTED -> {
                for (WindowResult.ColumnScore c : window.columns()) {
                    if (c.column().equals(argument)) {
                        // an undefined (NaN) score neither breaches nor clears a condition
                        if (kind == Kind.COLUMN_DETECTED) {
                            yield OptionalDouble.of(c.detected() ? 1 : 0);
                        }
                        yield Double.isNaN(c.score()) ? OptionalDouble.empty() : OptionalDouble.of(c.score());
                    }
                }
                yield OptionalDouble.empty();
            }
            case QUALITY -> {
                if (window.quality() == null || window.quality().labelledRows() < minRows) {
                    yield OptionalDouble.empty();
                }
                Double v = window.quality().metrics().get(argument);
                yield v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
            }
        };
    }
}
