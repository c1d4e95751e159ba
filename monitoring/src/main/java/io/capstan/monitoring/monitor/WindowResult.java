package io.capstan.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One evaluated window of a monitor: its drift summary, per-column scores and (once labels arrive)
 * its quality. The full drift result and the HTML report are kept apart ({@link WindowReport}).
 *
 * @param monitor the monitor's name
 * @param start the window's start (inclusive)
 * @param end the window's end (exclusive)
 * @param status how the evaluation ended
 * @param message why it was not tested or failed; null when {@code OK}
 * @param rows rows in the window
 * @param referenceRows rows in the reference; 0 when it was not read
 * @param datasetDrift whether the dataset drifted; null unless {@code OK}
 * @param driftShare the share of tested columns that drifted; null unless {@code OK}
 * @param numberOfColumns tested columns
 * @param numberOfDriftedColumns drifted columns
 * @param columns per-column scores in test order; copied, not null
 * @param quality the quality of the labelled rows, or null when there are none (yet)
 * @param evaluatedAt when the drift was evaluated
 */
public record WindowResult(String monitor, Instant start, Instant end, WindowStatus status, String message, int rows,
        int referenceRows, Boolean datasetDrift, Double driftShare, int numberOfColumns, int numberOfDriftedColumns,
        List<ColumnScore> columns, Quality quality, Instant evaluatedAt) {

    public WindowResult {
        requireNonNull(monitor, "monitor is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        requireNonNull(status, "status is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        requireNonNull(evaluatedAt, "evaluatedAt is null");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window end is not after its start");
        }
    }

    /**
     * One tested column's drift.
     *
     * @param column the column
     * @param columnType {@code num} or {@code cat}
     * @param stattest Evidently's test id
     * @param score the drift score (a p-value or a distance, as the test defines it)
     * @param threshold the threshold it was compared with
     * @param detected whether the column drifted
     */
    public record ColumnScore(String column, String columnType, String stattest, double score, double threshold,
            boolean detected) {
        public ColumnScore {
            requireNonNull(column, "column is null");
            requireNonNull(columnType, "columnType is null");
            requireNonNull(stattest, "stattest is null");
        }
    }

    /** Returns this window with its quality replaced. */
    public WindowResult withQuality(Quality newQuality) {
        return new WindowResult(monitor, start, end, status, message, rows, referenceRows, datasetDrift, driftShare,
                numberOfColumns, numberOfDriftedColumns, columns, newQuality, evaluatedAt);
    }
}
