package io.capstan.monitoring.spi;

import io.capstan.monitoring.validation.ColumnScan;

/**
 * Opens a table for {@link ColumnScan}s: what validation asks of a table's columns (counts, the first
 * values that break a condition, extremes, order statistics…) answered where the data is, instead of
 * loading every row into Java first. The in-memory implementation is
 * {@link io.capstan.monitoring.validation.TableScans}; every implementation passes testkit's
 * {@code ColumnScanContract}. Implementations are thread-safe; a scan they open is not.
 */
public interface ColumnScans {
    /**
     * Opens the table at {@code location} for scans; the caller closes it.
     *
     * @param location where the table is (a file path, or a name for the in-memory one); not null
     * @throws io.capstan.core.CapstanException with {@code RESOURCE_DOES_NOT_EXIST} if nothing is there,
     *     or {@code INVALID_PARAMETER_VALUE} if it cannot be read as a table (one line, naming it)
     */
    ColumnScan open(String location);
}
