package io.capstan.monitoring.validation;

import java.util.List;

/**
 * One open table that answers {@link Measure}s about its columns. The table is the one a
 * {@link io.capstan.monitoring.spi.TabularSource} would read from the same place, typed as pandas
 * types it; a measure's answer is what the same question asked of that {@link io.capstan.monitoring.table.Table}
 * in Java ({@link TableScan}) answers, exactly: the same counts, the same values in the same (row)
 * order, the same floating-point results. Not thread-safe; close it when done.
 */
public interface ColumnScan extends AutoCloseable {
    /** Returns the columns in order. */
    List<ScanColumn> columns();

    /** Returns the number of rows. */
    long rowCount();

    /**
     * Answers these measures, as few passes over the data as the implementation can manage.
     *
     * @param measures what to compute; each names a column of {@link #columns()} of a kind it applies to
     *     (numeric measures on {@link ScanColumn.Kind#NUMBER} columns); not null
     * @throws IllegalArgumentException if a measure names no column or one of the wrong kind
     * @throws io.capstan.core.CapstanException with {@code INVALID_PARAMETER_VALUE} if the data cannot
     *     be read after all
     */
    Answers measure(List<Measure<?>> measures);

    @Override
    void close();
}
