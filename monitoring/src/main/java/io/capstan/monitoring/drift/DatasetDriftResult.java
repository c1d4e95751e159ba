package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The drift of a whole dataset, as Evidently's {@code DataDriftPreset} decides it: the dataset drifts
 * when the share of drifted columns among the tested ones is at least {@code driftShare}.
 *
 * @param driftShare the share threshold used (Evidently's {@code drift_share})
 * @param columns tested columns in order; copied, not null
 * @param skipped columns that were not tested, in order; copied, not null
 * @param referenceRows rows in the reference
 * @param currentRows rows in the current data
 */
public record DatasetDriftResult(double driftShare, List<ColumnResult> columns, List<SkippedColumn> skipped,
        int referenceRows, int currentRows) {
    public DatasetDriftResult {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        skipped = List.copyOf(requireNonNull(skipped, "skipped is null"));
    }

    /** Returns the number of tested columns. */
    public int numberOfColumns() {
        return columns.size();
    }

    /** Returns the number of tested columns that drifted. */
    public int numberOfDriftedColumns() {
        return (int) columns.stream().filter(c -> c.result().drifted()).count();
    }

    /** Returns drifted / tested columns; 0 when nothing was tested. */
    public double shareOfDriftedColumns() {
        return columns.isEmpty() ? 0.0 : (double) numberOfDriftedColumns() / columns.size();
    }

    /** Returns whether the dataset drifts: share of drifted columns ≥ drift share, and at least one column tested. */
    public boolean datasetDrift() {
        return !columns.isEmpty() && shareOfDriftedColumns() >= driftShare;
    }
}
