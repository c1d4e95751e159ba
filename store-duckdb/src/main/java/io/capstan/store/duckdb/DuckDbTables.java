package io.capstan.store.duckdb;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.spi.TabularSource;
import io.capstan.monitoring.table.CountedColumn;
import io.capstan.monitoring.table.OtherColumn;
import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.table.TableColumn;
import io.capstan.monitoring.table.TableColumns;
import io.capstan.store.duckdb.DuckDbFile.Column;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads CSV and Parquet files into {@link Table}s with an in-process DuckDB, typing columns as
 * {@code pandas.read_csv} / {@code pandas.read_parquet} would, so that Evidently's type inference sees
 * the same thing: integer columns with a missing value become float, pandas' default missing-value
 * markers ({@code NA}, {@code N/A}, {@code NaN}, {@code null}, {@code None}, empty…) are missing, dates
 * in CSV stay strings, and an all-missing CSV column is an empty float column.
 *
 * <p>The format follows the extension: {@code .parquet}/{@code .pq} is Parquet, anything else is
 * read as delimited text (the delimiter is sniffed; {@code .gz} works). Each call opens its own
 * in-memory DuckDB connection, so the class is thread-safe.
 */
public final class DuckDbTables implements TabularSource {
    private final int threads;

    /**
     * @param threads DuckDB worker threads per read (at least 1)
     */
    public DuckDbTables(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
    }

    @Override
    public Table read(String location) {
        requireNonNull(location, "location is null");
        try (DuckDbFile file = DuckDbFile.open(location, threads)) {
            return ColumnReader.read(file, file.columns(), location, false);
        }
    }

    /**
     * Counts each string and boolean column in DuckDB ({@code GROUP BY}), so that only its distinct values
     * cross into Java: on the drift benchmark's four string columns and one boolean column that is about
     * five times less time than copying each row's value, and no per-row memory.
     */
    @Override
    public Table readCounted(String location) {
        requireNonNull(location, "location is null");
        try (DuckDbFile file = DuckDbFile.open(location, threads)) {
            return ColumnReader.read(file, file.columns(), location, true);
        }
    }

    /**
     * Copies whole columns out of DuckDB, one query per column: DuckDB's JDBC result set materialises
     * every column of a row batch, so a query per column is many times faster than one wide query over
     * string-heavy tables. (The driver's data-chunk interface was measured too: no faster than this
     * result set, which already walks DuckDB's vectors, and it holds the whole result at once.)
     */
    static final class ColumnReader {
        private ColumnReader() {
        }

        /**
         * Reads these columns of the file, in this order.
         *
         * @param counted whether string and boolean columns are read as counts of their values
         */
        static Table read(DuckDbFile file, List<Column> columns, String location, boolean counted) {
            try {
                List<TableColumn> read = new ArrayList<>(columns.size());
                for (Column column : columns) {
                    boolean categorical = column.kind() == DuckDbFile.Kind.STRING
                            || column.kind() == DuckDbFile.Kind.BOOLEAN;
                    read.add(counted && categorical ? counted(file, column) : column(file, column));
                }
                return Table.of(read);
            } catch (SQLException e) {
                throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e,
                        String.format("Cannot read '%s' as %s: %s", location, file.parquet() ? "Parquet" : "CSV",
                                DuckDbFile.firstLine(e.getMessage())));
            }
        }

        private static TableColumn column(DuckDbFile file, Column column) throws SQLException {
            // the count is exact, so the arrays are the right size unless the file changes while read
            int capacity = Math.toIntExact(Math.max(file.rowCount(), 1));
            return switch (column.kind()) {
                case INTEGER, FLOAT -> numbers(file, column, capacity);
                case EMPTY -> {
                    double[] nan = new double[Math.toIntExact(file.rowCount())];
                    Arrays.fill(nan, Double.NaN);
                    yield TableColumns.numbers(column.name(), nan, false);
                }
                case BOOLEAN -> booleans(file, column, capacity);
                case STRING -> strings(file, column, capacity);
                case OTHER -> other(file, column);
            };
        }

        private static TableColumn numbers(DuckDbFile file, Column column, int capacity) throws SQLException {
            boolean integer = column.kind() == DuckDbFile.Kind.INTEGER;
            double[] values = new double[capacity];
            int row = 0;
            boolean anyNull = false;
            try (Statement query = file.connection().createStatement();
                    ResultSet rows = query.executeQuery("SELECT " + column.sql() + " FROM t")) {
                while (rows.next()) {
                    if (row == values.length) {
                        values = Arrays.copyOf(values, values.length * 2);
                    }
                    double v = integer ? rows.getLong(1) : rows.getDouble(1);
                    if (rows.wasNull()) {
                        anyNull = true;
                        v = Double.NaN;
                    }
                    values[row++] = v;
                }
            }
            // pandas turns an integer column with a missing value into float64
            return TableColumns.numbers(column.name(), row == values.length ? values : Arrays.copyOf(values, row),
                    integer && !anyNull);
        }

        private static TableColumn booleans(DuckDbFile file, Column column, int capacity) throws SQLException {
            Boolean[] values = new Boolean[capacity];
            int row = 0;
            try (Statement query = file.connection().createStatement();
                    ResultSet rows = query.executeQuery("SELECT " + column.sql() + " FROM t")) {
                while (rows.next()) {
                    if (row == values.length) {
                        values = Arrays.copyOf(values, values.length * 2);
                    }
                    boolean v = rows.getBoolean(1);
                    values[row++] = rows.wasNull() ? null : Boolean.valueOf(v);
                }
            }
            return TableColumns.booleans(column.name(), row == values.length ? values : Arrays.copyOf(values, row));
        }

        /**
         * Reads a string column as a dictionary and one small integer per row (an ENUM's codes): decoding a
         * Java string per row through JDBC costs about 25 times more than reading an integer.
         */
        private static TableColumn strings(DuckDbFile file, Column column, int capacity) throws SQLException {
            String type = "capstan_dictionary";
            List<String> dictionary = new ArrayList<>();
            DuckDbFile.execute(file.connection(), "DROP TYPE IF EXISTS " + type);
            DuckDbFile.execute(file.connection(), "CREATE TYPE " + type + " AS ENUM (SELECT DISTINCT " + column.sql()
                    + " FROM t WHERE " + column.sql() + " IS NOT NULL)");
            try (Statement statement = file.connection().createStatement();
                    ResultSet words = statement.executeQuery("SELECT unnest(enum_range(NULL::" + type + "))")) {
                while (words.next()) {
                    dictionary.add(words.getString(1));
                }
            }
            String[] words = dictionary.toArray(String[]::new);
            String[] values = new String[capacity];
            int row = 0;
            try (Statement statement = file.connection().createStatement();
                    ResultSet rows = statement.executeQuery("SELECT CAST(enum_code(CAST(" + column.sql() + " AS " + type
                            + ")) AS INTEGER) FROM t")) {
                while (rows.next()) {
                    if (row == values.length) {
                        values = Arrays.copyOf(values, values.length * 2);
                    }
                    int code = rows.getInt(1);
                    values[row++] = rows.wasNull() ? null : words[code];
                }
            }
            DuckDbFile.execute(file.connection(), "DROP TYPE " + type);
            return TableColumns.strings(column.name(), row == values.length ? values : Arrays.copyOf(values, row));
        }

        /** A string or boolean column as the count of each of its values, counted by DuckDB. */
        private static TableColumn counted(DuckDbFile file, Column column) throws SQLException {
            boolean strings = column.kind() == DuckDbFile.Kind.STRING;
            List<Object> values = new ArrayList<>();
            long[] counts = new long[16];
            long missing = 0;
            try (Statement query = file.connection().createStatement();
                    ResultSet groups = query.executeQuery("SELECT " + column.sql() + ", count(*) FROM t GROUP BY 1")) {
                while (groups.next()) {
                    Object value = strings ? groups.getString(1) : Boolean.valueOf(groups.getBoolean(1));
                    boolean isNull = groups.wasNull();
                    long count = groups.getLong(2);
                    if (isNull) {
                        missing = count;
                        continue;
                    }
                    if (values.size() == counts.length) {
                        counts = Arrays.copyOf(counts, counts.length * 2);
                    }
                    counts[values.size()] = count;
                    values.add(value);
                }
            }
            long[] exact = Arrays.copyOf(counts, values.size());
            int missingRows = Math.toIntExact(missing);
            return strings
                    ? CountedColumn.strings(column.name(), values.stream().map(String.class::cast).toList(), exact,
                            missingRows)
                    : CountedColumn.booleans(column.name(), values.stream().map(Boolean.class::cast).toList(), exact,
                            missingRows);
        }

        private static TableColumn other(DuckDbFile file, Column column) throws SQLException {
            try (Statement statement = file.connection().createStatement();
                    ResultSet counts = statement.executeQuery("SELECT count(*), count(*) - count(" + column.sql()
                            + ") FROM t")) {
                counts.next();
                return new OtherColumn(column.name(), column.typeName(), Math.toIntExact(counts.getLong(1)),
                        Math.toIntExact(counts.getLong(2)));
            }
        }
    }
}
