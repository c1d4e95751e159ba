package io.capstan.monitoring.spi;

import java.util.List;

/**
 * Receives a table from a {@link TableScanner}, in batches of rows, column by column. Arrays passed in
 * are only valid during the call (the scanner reuses them). Called from one thread per scan.
 */
public interface ColumnBatchSink {
    /** Rows per batch that scanners aim for. */
    int BATCH = 8192;

    /** A column's declared kind, as the source types it. */
    enum Kind {
        /** Whole numbers; a column with a missing value becomes float (pandas' rule). */
        INTEGER,
        /** Floating-point numbers, NaN for missing. */
        FLOAT,
        /** true/false, null for missing. */
        BOOLEAN,
        /** Strings, null for missing. */
        STRING,
        /** Anything else (dates, lists): only counted. */
        OTHER
    }

    /**
     * Called once, before any batch.
     *
     * @param names column names in order; not null
     * @param kinds one kind per column; not null
     * @param allMissingStringIsNumber whether a string column with no value at all is an empty float column
     *     (pandas' reading of CSV)
     */
    void start(List<String> names, List<Kind> kinds, boolean allMissingStringIsNumber);

    /** The next {@code count} values of an INTEGER or FLOAT column; NaN for missing. */
    void numbers(int column, double[] values, int count);

    /** The next {@code count} values of a STRING column; null for missing. */
    void strings(int column, String[] values, int count);

    /** The next {@code count} values of a BOOLEAN column; null for missing. */
    void booleans(int column, Boolean[] values, int count);

    /** The next {@code count} rows of an OTHER column. */
    void others(int column, int count);

    /** Called once, after the last batch, with the number of rows delivered. */
    void end(long rows);
}
