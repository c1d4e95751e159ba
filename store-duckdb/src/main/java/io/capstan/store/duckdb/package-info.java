/**
 * In-process DuckDB adapters over CSV and Parquet files, typed as pandas types them:
 * {@link io.capstan.store.duckdb.DuckDbTables} reads whole tables for drift;
 * {@link io.capstan.store.duckdb.DuckDbColumnScans} answers validation's measures in SQL. Both open the
 * file through {@code DuckDbFile}, so a scan sees exactly the table a read would give.
 *
 * <h2>Why the shape is what it is (measured on the 2-core benchmark machine)</h2>
 *
 * <ul>
 *   <li><b>Validation pushes its questions down; drift reads columns.</b> A suite's counts, filters and
 *       extremes are aggregates of one SQL pass ({@code count(*) FILTER (WHERE …)}, {@code min},
 *       {@code count(DISTINCT …)}); follow-ups that need the first pass's answers (the first unexpected
 *       values in row order, duplicates) stop early. Drift's statistics need every value sorted, so
 *       drift reads the columns into Java.</li>
 *   <li><b>Java keeps what SQL cannot say exactly.</b> pandas' sum, mean and standard deviation are
 *       NumPy's pairwise summation in row order; no SQL aggregate reproduces those bits (DuckDB's
 *       {@code stddev_samp} differed from pandas by 1e-14 to 5e-14 relative on the benchmark, depending
 *       on the thread count), so those columns are read into Java once and summed there.
 *       Regular expressions go to RE2 only inside the subset where RE2 and {@code java.util.regex} find
 *       the same matches ({@code Re2Translation}); others run in Java over the column. The median is two
 *       order statistics found by selection in Java, cheaper than DuckDB's {@code quantile_disc}.</li>
 *   <li><b>Row order is DuckDB's insertion order.</b> The first unexpected values and pandas' sums need
 *       the file's row order; queries without {@code ORDER BY} keep it ({@code preserve_insertion_order},
 *       on by default), and the listing queries run on one thread besides.</li>
 *   <li><b>Columns cross JDBC one query per column.</b> DuckDB's result set materialises every column of
 *       a row batch, so one wide query is many times slower over string-heavy tables; strings cross as an
 *       ENUM's dictionary plus an integer code per row. The driver's data-chunk interface was measured
 *       too: no faster than the result set (which already walks DuckDB's vectors) and it materialises the
 *       whole result at once.</li>
 *   <li><b>Start-up.</b> The app ships DuckDB's native library beside the driver jar (see {@code app/pom.xml}),
 *       so it is not inflated into a temp file on every start (0.5-1 s of CPU), and {@code DuckDbFile}
 *       skips the driver's JFR memory-monitor registration (0.3-0.5 s before the first query).</li>
 * </ul>
 */
package io.capstan.store.duckdb;
