package io.capstan.monitoring.spi;

import io.capstan.monitoring.table.Table;
import java.time.Instant;

/**
 * Reads the rows of a dataset whose timestamp falls in a window, for monitors whose source is a
 * dataset on disk. Column types follow {@link TabularSource}'s rules. Thread-safe.
 */
public interface WindowedTables {
    /**
     * Returns the rows of the table(s) at {@code location} (a file, or a glob of files of one format)
     * whose {@code timestampColumn} is in {@code [from, to)}; the timestamp column itself is left out.
     *
     * @throws io.capstan.core.CapstanException RESOURCE_DOES_NOT_EXIST when nothing is at the location,
     *     INVALID_PARAMETER_VALUE when it cannot be read or has no such timestamp column
     */
    Table read(String location, String timestampColumn, Instant from, Instant to);
}
