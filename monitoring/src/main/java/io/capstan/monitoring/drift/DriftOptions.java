package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a dataset drift run tests and how, with Evidently's {@code DataDriftPreset} defaults.
 *
 * <p>A test or threshold is chosen per column as Evidently does: the column's own setting, else the
 * one for its type ({@code num}/{@code cat}), else the one for all columns, else Evidently's default
 * test and that test's default threshold.
 *
 * @param columns the columns to test, in order; empty for every column of the current data
 * @param stattest the test for every column, or null for Evidently's default choice
 * @param numStattest the test for numerical columns, or null
 * @param catStattest the test for categorical columns, or null
 * @param perColumnStattest tests by column name; copied, not null
 * @param threshold the threshold for every column, or null for each test's default
 * @param numThreshold the threshold for numerical columns, or null
 * @param catThreshold the threshold for categorical columns, or null
 * @param perColumnThreshold thresholds by column name; copied, not null
 * @param driftShare the dataset drifts when at least this share of tested columns drift (0.5)
 * @param extras Capstan's opt-in additions; not null, {@link DriftExtras#NONE} for Evidently's result
 */
public record DriftOptions(List<String> columns, StatTest stattest, StatTest numStattest, StatTest catStattest,
        Map<String, StatTest> perColumnStattest, Double threshold, Double numThreshold, Double catThreshold,
        Map<String, Double> perColumnThreshold, double driftShare, DriftExtras extras) {

    /** Options with nothing beyond Evidently ({@link DriftExtras#NONE}). */
    public DriftOptions(List<String> columns, StatTest stattest, StatTest numStattest, StatTest catStattest,
            Map<String, StatTest> perColumnStattest, Double threshold, Double numThreshold, Double catThreshold,
            Map<String, Double> perColumnThreshold, double driftShare) {
        this(columns, stattest, numStattest, catStattest, perColumnStattest, threshold, numThreshold, catThreshold,
                perColumnThreshold, driftShare, DriftExtras.NONE);
    }

    /** Evidently's default share of drifted columns for dataset drift. */
    public static final double DEFAULT_DRIFT_SHARE = 0.5;

    public DriftOptions {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        perColumnStattest = copy(requireNonNull(perColumnStattest, "perColumnStattest is null"));
        perColumnThreshold = copy(requireNonNull(perColumnThreshold, "perColumnThreshold is null"));
        requireNonNull(extras, "extras is null");
        if (!(driftShare >= 0.0 && driftShare <= 1.0)) {
            throw new IllegalArgumentException("drift share must be between 0 and 1, got " + driftShare);
        }
        for (Double t : new Double[] {threshold, numThreshold, catThreshold}) {
            requireFinite(t);
        }
        perColumnThreshold.values().forEach(DriftOptions::requireFinite);
    }

    private static void requireFinite(Double t) {
        if (t != null && !Double.isFinite(t)) {
            throw new IllegalArgumentException("threshold must be a finite number, got " + t);
        }
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        // insertion order kept, so that anything derived from it is deterministic
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Returns Evidently's defaults: every column, default tests and thresholds, drift share 0.5. */
    public static DriftOptions defaults() {
        return new DriftOptions(List.of(), null, null, null, Map.of(), null, null, null, Map.of(), DEFAULT_DRIFT_SHARE,
                DriftExtras.NONE);
    }

    /** Returns a copy testing only these columns (empty for all). */
    public DriftOptions withColumns(List<String> newColumns) {
        return new DriftOptions(newColumns, stattest, numStattest, catStattest, perColumnStattest, threshold,
                numThreshold, catThreshold, perColumnThreshold, driftShare, extras);
    }

    /** Returns a copy with this drift share. */
    public DriftOptions withDriftShare(double newDriftShare) {
        return new DriftOptions(columns, stattest, numStattest, catStattest, perColumnStattest, threshold,
                numThreshold, catThreshold, perColumnThreshold, newDriftShare, extras);
    }

    /** Returns a copy with these tests (any may be null; the map not null). */
    public DriftOptions withStattests(StatTest all, StatTest num, StatTest cat, Map<String, StatTest> perColumn) {
        return new DriftOptions(columns, all, num, cat, perColumn, threshold, numThreshold, catThreshold,
                perColumnThreshold, driftShare, extras);
    }

    /** Returns a copy with these thresholds (any may be null; the map not null). */
    public DriftOptions withThresholds(Double all, Double num, Double cat, Map<String, Double> perColumn) {
        return new DriftOptions(columns, stattest, numStattest, catStattest, perColumnStattest, all, num, cat,
                perColumn, driftShare, extras);
    }

    /** Returns a copy with these extras; not null. */
    public DriftOptions withExtras(DriftExtras newExtras) {
        return new DriftOptions(columns, stattest, numStattest, catStattest, perColumnStattest, threshold,
                numThreshold, catThreshold, perColumnThreshold, driftShare, newExtras);
    }

    /**
     * Whether this test is configured anywhere: for every column, for a column type or for one column.
     * Evidently never picks TVD by default, so a run without it configured can read string and boolean
     * columns as counts ({@link io.capstan.monitoring.spi.TabularSource#readCounted}).
     */
    public boolean configures(StatTest test) {
        return stattest == test || numStattest == test || catStattest == test
                || perColumnStattest.containsValue(test);
    }

    /** The configured test for a column of this type, or null for Evidently's default choice. */
    StatTest stattestFor(String column, ColumnType type) {
        StatTest own = perColumnStattest.get(column);
        if (own != null) {
            return own;
        }
        StatTest byType = switch (type) {
            case NUMERICAL -> numStattest;
            case CATEGORICAL -> catStattest;
            case TEXT, UNKNOWN -> null;
        };
        return byType != null ? byType : stattest;
    }

    /** The configured threshold for a column of this type, or null for the test's default. */
    Double thresholdFor(String column, ColumnType type) {
        Double own = perColumnThreshold.get(column);
        if (own != null) {
            return own;
        }
        Double byType = switch (type) {
            case NUMERICAL -> numThreshold;
            case CATEGORICAL -> catThreshold;
            case TEXT, UNKNOWN -> null;
        };
        return byType != null ? byType : threshold;
    }
}
