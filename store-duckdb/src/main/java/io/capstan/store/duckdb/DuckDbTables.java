package io.capstan.store.duckdb;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.spi.TabularSource;
import io.capstan.monitoring.table.OtherColumn;
import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.table.TableColumn;
import io.capstan.monitoring.table.TableColumns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

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
    /** pandas' default {@code na_values} for read_csv. */
    private static final List<String> PANDAS_NA = List.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN",
            "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null");

    /** Distinct strings shared per column; beyond this a column is mostly unique and sharing does not pay. */
    private static final int INTERN_LIMIT = 100_000;

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
        Path path = Path.of(location);
        if (!Files.exists(path)) {
            throw new CapstanException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "File '%s' does not exist", location);
        }
        if (Files.isDirectory(path)) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, "'%s' is a directory, not a table file",
                    location);
        }
        if (!Files.isReadable(path)) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, "File '%s' is not readable", location);
        }
        try {
            if (Files.size(path) == 0) {
                throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, "File '%s' is empty", location);
            }
        } catch (java.io.IOException e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e, "Cannot read '" + location + "': " + e);
        }
        String lower = path.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean parquet = lower.endsWith(".parquet") || lower.endsWith(".pq");
        String literal = "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            execute(connection, "SET threads = " + threads);
            if (parquet) {
                // Parquet is scanned per column in place
                execute(connection, "CREATE VIEW t AS SELECT * FROM read_parquet(" + literal + ")");
            } else {
                // CSV text is parsed once into DuckDB's columnar copy. Types are sniffed from a sample;
                // pandas looks at every row, so when a string column turns out to hold only numbers or
                // booleans (its sample had no value) the file is parsed again, sniffing every row.
                // A sampled type that later rows contradict fails the load and also gets the full sniff.
                boolean sampled;
                try {
                    execute(connection, "CREATE TABLE t AS SELECT * FROM " + csvScan(literal, false));
                    sampled = !stringColumnsLookTyped(connection);
                } catch (SQLException contradicted) {
                    sampled = false;
                }
                if (!sampled) {
                    execute(connection, "DROP TABLE IF EXISTS t");
                    execute(connection, "CREATE TABLE t AS SELECT * FROM " + csvScan(literal, true));
                }
            }
            return readColumns(connection, parquet);
        } catch (SQLException e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e,
                    String.format("Cannot read '%s' as %s: %s", location, parquet ? "Parquet" : "CSV",
                            firstLine(e.getMessage())));
        }
    }

    /**
     * Reads one column per query: DuckDB's JDBC result set materialises every column of a row batch,
     * so a query per column is many times faster than one wide query over string-heavy tables.
     */
    private static Table readColumns(Connection connection, boolean parquet) throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> typeNames = new ArrayList<>();
        List<Integer> sqlTypes = new ArrayList<>();
        try (Statement describe = connection.createStatement()) {
            try (ResultSet empty = describe.executeQuery("SELECT * FROM t LIMIT 0")) {
                ResultSetMetaData meta = empty.getMetaData();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    names.add(meta.getColumnLabel(c));
                    typeNames.add(meta.getColumnTypeName(c));
                    sqlTypes.add(meta.getColumnType(c));
                }
            }
        }
        int rowCount;
        try (Statement count = connection.createStatement(); ResultSet rows = count.executeQuery("SELECT count(*) FROM t")) {
            rows.next();
            rowCount = rows.getInt(1);
        }
        List<TableColumn> columns = new ArrayList<>(names.size());
        for (int c = 0; c < names.size(); c++) {
            String column = quote(names.get(c));
            if (kind(sqlTypes.get(c), typeNames.get(c)) == Kind.STRING) {
                columns.add(readStrings(connection, names.get(c), column, c, parquet, rowCount));
                continue;
            }
            try (Statement query = connection.createStatement();
                    ResultSet rows = query.executeQuery("SELECT " + column + " FROM t")) {
                columns.add(readColumn(rows, names.get(c), typeNames.get(c), sqlTypes.get(c), parquet, rowCount));
            }
        }
        return Table.of(columns);
    }

    /**
     * Reads a string column as a dictionary and one small integer per row (an ENUM's codes): decoding a
     * Java string per row through JDBC costs about 25 times more than reading an integer.
     */
    private static TableColumn readStrings(Connection connection, String name, String column, int index,
            boolean parquet, int rowCount) throws SQLException {
        String type = "capstan_dictionary_" + index;
        List<String> dictionary = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TYPE " + type + " AS ENUM (SELECT DISTINCT " + column + " FROM t WHERE "
                    + column + " IS NOT NULL)");
            try (ResultSet values = statement.executeQuery("SELECT unnest(enum_range(NULL::" + type + "))")) {
                while (values.next()) {
                    dictionary.add(values.getString(1));
                }
            }
        }
        String[] words = dictionary.toArray(String[]::new);
        String[] values = new String[Math.max(rowCount, 1)];
        int row = 0;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT CAST(enum_code(CAST(" + column + " AS " + type + ")) AS INTEGER) FROM t")) {
            while (rows.next()) {
                if (row == values.length) {
                    values = Arrays.copyOf(values, values.length * 2);
                }
                int code = rows.getInt(1);
                values[row++] = rows.wasNull() ? null : words[code];
            }
        }
        return strings(name, row == values.length ? values : Arrays.copyOf(values, row), parquet);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        // a statement that failed is closed by the driver, so each call gets its own
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String csvScan(String literal, boolean everyRow) {
        return "read_csv(" + literal + ", header = true, auto_type_candidates = ['BOOLEAN', 'BIGINT', 'DOUBLE',"
                + " 'VARCHAR'], nullstr = " + sqlList(PANDAS_NA) + (everyRow ? ", sample_size = -1" : "") + ")";
    }

    /** Whether some VARCHAR column has values and all of them read as numbers or booleans. */
    private static boolean stringColumnsLookTyped(Connection connection) throws SQLException {
        List<String> strings = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet empty = statement.executeQuery("SELECT * FROM t LIMIT 0")) {
            ResultSetMetaData meta = empty.getMetaData();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                if (kind(meta.getColumnType(c), meta.getColumnTypeName(c)) == Kind.STRING) {
                    strings.add(quote(meta.getColumnLabel(c)));
                }
            }
        }
        for (String column : strings) {
            String sql = "SELECT count(" + column + "), count(TRY_CAST(" + column + " AS DOUBLE)),"
                    + " count(CASE WHEN lower(" + column + ") IN ('true', 'false') THEN 1 END) FROM t";
            try (Statement statement = connection.createStatement(); ResultSet counts = statement.executeQuery(sql)) {
                counts.next();
                long present = counts.getLong(1);
                if (present > 0 && (counts.getLong(2) == present || counts.getLong(3) == present)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String sqlList(List<String> values) {
        StringBuilder sql = new StringBuilder("[");
        for (String v : values) {
            sql.append(sql.length() > 1 ? ", " : "").append('\'').append(v.replace("'", "''")).append('\'');
        }
        return sql.append(']').toString();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String line = message.strip().lines().findFirst().orElse("unknown error");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private enum Kind { INTEGER, FLOAT, BOOLEAN, STRING, OTHER }

    private static TableColumn readColumn(ResultSet rows, String name, String typeName, int sqlType,
            boolean parquet, int rowCount) throws SQLException {
        Kind kind = kind(sqlType, typeName);
        // the count is exact, so the arrays are the right size unless the file changes while read
        int capacity = Math.max(rowCount, 1);
        int row = 0;
        switch (kind) {
            case INTEGER, FLOAT -> {
                double[] values = new double[capacity];
                boolean anyNull = false;
                while (rows.next()) {
                    if (row == values.length) {
                        values = Arrays.copyOf(values, values.length * 2);
                    }
                    double v = kind == Kind.INTEGER ? rows.getLong(1) : rows.getDouble(1);
                    if (rows.wasNull()) {
                        anyNull = true;
                        v = Double.NaN;
                    }
                    values[row++] = v;
                }
                // pandas turns an integer column with a missing value into float64
                return TableColumns.numbers(name, row == values.length ? values : Arrays.copyOf(values, row),
                        kind == Kind.INTEGER && !anyNull);
            }
            case BOOLEAN -> {
                Boolean[] values = new Boolean[capacity];
                while (rows.next()) {
                    if (row == values.length) {
                        values = Arrays.copyOf(values, values.length * 2);
                    }
                    boolean v = rows.getBoolean(1);
                    values[row++] = rows.wasNull() ? null : Boolean.valueOf(v);
                }
                return TableColumns.booleans(name, row == values.length ? values : Arrays.copyOf(values, row));
            }
            case STRING -> {
                String[] values = new String[capacity];
                // equal strings share one instance: categorical columns repeat few values many times
                Map<String, String> interned = new HashMap<>();
                while (rows.next()) {
                    if (row == values.length) {
                        values = Arrays.copyOf(values, values.length * 2);
                    }
                    String v = rows.getString(1);
                    if (v != null && interned.size() < INTERN_LIMIT) {
                        String shared = interned.putIfAbsent(v, v);
                        v = shared != null ? shared : v;
                    }
                    values[row++] = v;
                }
                return strings(name, row == values.length ? values : Arrays.copyOf(values, row), parquet);
            }
            case OTHER -> {
                int nulls = 0;
                while (rows.next()) {
                    rows.getObject(1);
                    if (rows.wasNull()) {
                        nulls++;
                    }
                    row++;
                }
                return new OtherColumn(name, typeName, row, nulls);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** pandas reads a CSV column with no value at all as float64 NaN, not as strings. */
    private static TableColumn strings(String name, String[] values, boolean parquet) {
        if (!parquet) {
            boolean allMissing = true;
            for (String v : values) {
                if (v != null) {
                    allMissing = false;
                    break;
                }
            }
            if (allMissing) {
                double[] nan = new double[values.length];
                Arrays.fill(nan, Double.NaN);
                return TableColumns.numbers(name, nan, false);
            }
        }
        return TableColumns.strings(name, values);
    }

    private static Kind kind(int sqlType, String typeName) {
        String t = typeName.toUpperCase(Locale.ROOT);
        if (t.equals("TINYINT") || t.equals("SMALLINT") || t.equals("INTEGER") || t.equals("BIGINT")
                || t.equals("UTINYINT") || t.equals("USMALLINT") || t.equals("UINTEGER")) {
            return Kind.INTEGER;
        }
        if (t.equals("FLOAT") || t.equals("DOUBLE") || t.startsWith("DECIMAL") || t.equals("HUGEINT")
                || t.equals("UBIGINT")) {
            return Kind.FLOAT;
        }
        if (t.equals("BOOLEAN")) {
            return Kind.BOOLEAN;
        }
        if (t.equals("VARCHAR") || sqlType == Types.VARCHAR) {
            return Kind.STRING;
        }
        return Kind.OTHER;
    }
}
