package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The drift of a whole dataset, as Evidently's {@code DataDriftPreset} decides it: the dataset drifts
 * when the share of drifted columns among the tested ones is at least {@code driftShare}. A column
 * counts as drifted by {@link ColumnResult#drifted()}, which is Evidently's decision unless extras
 * (a correction, counted missing-value drift) were asked for.
 *
 * @param driftShare the share threshold used (Evidently's {@code drift_share})
 * @param columns tested columns in order; copied, not null
 * @param skipped columns that were not tested, in order; copied, not null
 * @param referenceRows rows in the reference
 * @param currentRows rows in the current data
 * @param extras the opt-in additions that were used; not null ({@link DriftExtras#NONE} for none)
 * @param sketch the sketch settings when the run used sketch mode, else null
 */
public record DatasetDriftResult(double driftShare, List<ColumnResult> columns, List<SkippedColumn> skipped,
        int referenceRows, int currentRows, DriftExtras extras, SketchOptions sketch) {
    public DatasetDriftResult {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        skipped = List.copyOf(requireNonNull(skipped, "skipped is null"));
        requireNonNull(extras, "extras is null");
    }

    /** An exact run with nothing beyond Evidently. */
    public DatasetDriftResult(double driftShare, List<ColumnResult> columns, List<SkippedColumn> skipped,
            int referenceRows, int currentRows) {
        this(driftShare, columns, skipped, referenceRows, currentRows, DriftExtras.NONE, null);
    }

    /** Returns the number of tested columns. */
    public int numberOfColumns() {
        return columns.size();
    }

    /** Returns the number of tested columns that count as drifted ({@link ColumnResult#drifted()}). */
    public int numberOfDriftedColumns() {
        return (int) columns.stream().filter(ColumnResult::drifted).count();
    }

    /**
     * Returns the number of columns, tested or skipped for having no value on a side, whose missing share
     * drifted (after correction); 0 when missing-value drift is off.
     */
    public int numberOfMissingDriftColumns() {
        return (int) (columns.stream().filter(c -> c.missing() != null && c.missing().decision()).count()
                + skipped.stream().filter(s -> s.missing() != null && s.missing().decision()).count());
    }

    /** Returns the number of p-values the correction adjusted; 0 without a correction. */
    public int numberOfCorrectedTests() {
        int n = 0;
        for (ColumnResult c : columns) {
            n += c.corrected() != null ? 1 : 0;
            n += c.missing() != null && c.missing().corrected() != null ? 1 : 0;
        }
        for (SkippedColumn s : skipped) {
            n += s.missing() != null && s.missing().corrected() != null ? 1 : 0;
        }
        return n;
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
