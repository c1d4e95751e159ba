/**
 * Data validation with Great Expectations 1.x's common core: suites of expectations read from YAML or
 * JSON ({@link io.capstan.monitoring.validation.ExpectationSuite}), checked against a table with GX's
 * pandas semantics ({@link io.capstan.monitoring.validation.Validator}), results in GX's JSON shape
 * ({@link io.capstan.monitoring.validation.ValidationResult}). Checked against great-expectations
 * 1.24.1 by {@code compat/validate}. It lives here, beside the tables it reads, until a {@code quality}
 * module takes tables and validation together.
 *
 * <h2>Why validation asks questions instead of reading rows</h2>
 *
 * <p>The validator does not walk a table. Each expectation names the {@link
 * io.capstan.monitoring.validation.Measure}s it needs — a column's missing count, the present values a
 * {@link io.capstan.monitoring.validation.Condition} does not expect (with the first 20 in row order),
 * duplicates, distinct values, extremes, the median, pandas' sum/mean/std — the suite's measures go to
 * a {@link io.capstan.monitoring.validation.ColumnScan} in one call, and GX's result is built from the
 * answers. GX's semantics (what {@code mostly} divides by, unexpected percentages, the order of
 * {@code partial_unexpected_list}, Python equality in sets, type errors) stay here, in Java, in one
 * place; a scan only answers plainly defined questions. That lets a database answer a whole suite in one
 * pass over a file ({@code store-duckdb}'s {@code DuckDbColumnScans}: 10M rows in about a second instead
 * of loading 60M cells into Java), while {@link io.capstan.monitoring.validation.TableScan} answers the
 * same questions over an in-memory {@link io.capstan.monitoring.table.Table} and is the reference:
 * testkit's {@code ColumnScanContract} holds every implementation to its answers, bit for bit.
 *
 * <p>The port is a list of measures rather than SQL or a query builder because the hard part is not the
 * arithmetic but agreeing on it: each measure says exactly what it means (present values in row order,
 * Python's {@code ==}, {@code java.util.regex} read with {@code UNIX_LINES}), and an implementation that
 * cannot say the same thing in its own language — pandas' floating-point sums depend on NumPy's pairwise
 * summation order, RE2 reads some expressions differently — answers that measure from the column's
 * values in Java instead ({@link io.capstan.monitoring.validation.PandasStatistics} is that arithmetic).
 */
package io.capstan.monitoring.validation;
