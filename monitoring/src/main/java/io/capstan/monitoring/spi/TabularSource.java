package io.capstan.monitoring.spi;

import io.capstan.monitoring.table.Table;

/**
 * Reads a whole table from a location (a file path for the file adapters, a name for the in-memory
 * one). Column types follow pandas' reading of the same data, so that drift tests see what Evidently
 * sees: whole numbers with no missing value are integer-typed, other numbers float with NaN for
 * missing, {@code true}/{@code false} boolean, anything else a string; a column with no value at all
 * is float and empty. Implementations are thread-safe.
 */
public interface TabularSource {
    /**
     * Returns the table at {@code location}.
     *
     * @param location where the table is; not null
     * @throws io.capstan.core.CapstanException with {@code RESOURCE_DOES_NOT_EXIST} if nothing is there,
     *     or {@code INVALID_PARAMETER_VALUE} if it cannot be read as a table (the message says why,
     *     in one line, and names the location)
     */
    Table read(String location);

    /**
     * Returns the table at {@code location} with its string and boolean columns as counts of their values
     * ({@link io.capstan.monitoring.table.CountedColumn}), typed as {@link #read} types them: what drift
     * tests need of those columns, which a source may count in place instead of handing over every row.
     * The other columns are as {@link #read} gives them. By default, counts what {@link #read} returns.
     *
     * @param location where the table is; not null
     * @throws io.capstan.core.CapstanException as {@link #read}
     */
    default Table readCounted(String location) {
        return read(location).countingCategories();
    }
}
