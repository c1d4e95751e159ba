package io.capstan.store.duckdb;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * One CSV or Parquet file opened in its own in-memory DuckDB as the relation {@code t}, with each column
 * described the way {@code pandas.read_csv} / {@code pandas.read_parquet} would type it. What
 * {@link DuckDbTables} and the column scans share, so that a scan sees exactly the table a read
 * would give. Not thread-safe: one thread uses it, then closes it.
 */
final class DuckDbFile implements AutoCloseable {
    /** pandas' default {@code na_values} for read_csv. */
    private static final List<String> PANDAS_NA = List.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN",
            "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null");
    /** pandas' integers in CSV text: digits with an optional sign (leading zeros too), spaces around. */
    private static final String CSV_INTEGER = "\\s*[+-]?[0-9]+\\s*";
    /** pandas' floats in CSV text: decimals, exponents, inf and infinity. */
    private static final String CSV_FLOAT = "\\s*[+-]?(([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|(?i:inf|infinity))\\s*";

    /** How pandas would hold a column. */
    enum Kind {
        /** int64 in pandas when nothing is missing (float64 otherwise). */
        INTEGER,
        /** float64, NaN for missing. */
        FLOAT,
        BOOLEAN,
        STRING,
        /** A CSV column without a single value: pandas reads it as float64, all NaN. */
        EMPTY,
        /** Dates, timestamps, lists…: kept as a name, a type and counts. */
        OTHER
    }

    /**
     * A column of {@code t}.
     *
     * @param name its name
     * @param kind how pandas would hold it
     * @param typeName DuckDB's type name
     */
    record Column(String name, Kind kind, String typeName) {
        /** The column as a quoted SQL identifier. */
        String sql() {
            return quote(name);
        }

        /**
         * The column's values as pandas would see them, as SQL: numbers as DOUBLE with NULL for missing
         * (a NaN stored in the file is missing too), booleans and strings as they are.
         */
        String value() {
            return switch (kind) {
                case INTEGER -> "CAST(" + sql() + " AS DOUBLE)";
                case FLOAT -> "nullif(CAST(" + sql() + " AS DOUBLE), 'NaN'::DOUBLE)";
                case EMPTY -> "CAST(NULL AS DOUBLE)";
                case BOOLEAN, STRING, OTHER -> sql();
            };
        }

        /** Whether pandas would hold it as a number (int64 or float64). */
        boolean numeric() {
            return switch (kind) {
                case INTEGER, FLOAT, EMPTY -> true;
                case BOOLEAN, STRING, OTHER -> false;
            };
        }
    }

    static {
        skipMemoryMonitorRegistration();
    }

    private static final DuckDBDriver DRIVER = new DuckDBDriver();

    private final DuckDBConnection connection;
    private final boolean parquet;
    private final List<Column> columns;
    private final long rowCount;

    private DuckDbFile(DuckDBConnection connection, boolean parquet, List<Column> columns, long rowCount) {
        this.connection = connection;
        this.parquet = parquet;
        this.columns = List.copyOf(columns);
        this.rowCount = rowCount;
    }

    /**
     * Opens the file: a view over a Parquet file, or the CSV text parsed once into a DuckDB table.
     *
     * @param location a file path; not null
     * @param threads DuckDB worker threads (at least 1)
     * @throws CapstanException with {@code RESOURCE_DOES_NOT_EXIST} if there is no such file, or
     *     {@code INVALID_PARAMETER_VALUE} if it cannot be read (one line, naming the file)
     */
    static DuckDbFile open(String location, int threads) {
        requireNonNull(location, "location is null");
        Path path = readableFile(location);
        String lower = path.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean parquet = lower.endsWith(".parquet") || lower.endsWith(".pq");
        String literal = "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
        DuckDBConnection connection = null;
        try {
            connection = connect();
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
            List<Column> described = describe(connection);
            long rows;
            try (Statement count = connection.createStatement(); ResultSet r = count.executeQuery("SELECT count(*) FROM t")) {
                r.next();
                rows = r.getLong(1);
            }
            if (!parquet) {
                described = typeTextColumns(connection, described);
            }
            DuckDbFile file = new DuckDbFile(connection, parquet, described, rows);
            connection = null;
            return file;
        } catch (SQLException e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e,
                    String.format("Cannot read '%s' as %s: %s", location, parquet ? "Parquet" : "CSV",
                            firstLine(e.getMessage())));
        } finally {
            closeQuietly(connection);
        }
    }

    /**
     * Returns the path of a readable, non-empty table file.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST when nothing is there, INVALID_PARAMETER_VALUE for a
     *     directory, an unreadable or an empty file
     */
    static Path readableFile(String location) {
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
        } catch (IOException e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e, "Cannot read '" + location + "': " + e);
        }
        return path;
    }

    /**
     * DuckDB's driver registers a JFR periodic event for its opt-in memory monitor when it loads and on every
     * new connection, whether or not a connection asks for the monitor ({@code jdbc_jfr_memory_monitor}).
     * The registration initialises JFR's whole event machinery: 0.3-0.5 s on this machine before the first
     * query can run, a tenth of {@code capstan validate} on 10M rows. Nothing here uses the monitor, so its
     * one-time initialisation is marked done. Should a later driver rename the field, the registration just
     * happens again: slower, never wrong.
     */
    private static void skipMemoryMonitorRegistration() {
        try {
            Field initialized = Class.forName("org.duckdb.DuckDBMemoryMonitor").getDeclaredField("initialized");
            initialized.setAccessible(true);
            if (initialized.getType() == boolean.class) {
                initialized.setBoolean(null, true);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the monitor registers itself as it always did
        }
    }

    /**
     * A second connection to the same database, for reading while this one runs a query; closing it
     * leaves this one open.
     *
     * @param file the file seen through the new connection
     */
    record Duplicate(DuckDbFile file) implements AutoCloseable {
        @Override
        public void close() {
            file.close();
        }
    }

    /** Opens a {@link Duplicate} of this connection. */
    Duplicate duplicate() throws SQLException {
        return new Duplicate(new DuckDbFile(connection.duplicate(), parquet, columns, rowCount));
    }

    DuckDBConnection connection() {
        return connection;
    }

    boolean parquet() {
        return parquet;
    }

    List<Column> columns() {
        return columns;
    }

    long rowCount() {
        return rowCount;
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static DuckDBConnection connect() throws SQLException {
        return connect(new Properties());
    }

    /**
     * A new in-memory DuckDB connection, straight from DuckDB's driver: DriverManager would first load
     * every JDBC driver on the class path, and the driver's JFR registration is skipped (above).
     */
    static DuckDBConnection connect(Properties properties) throws SQLException {
        return DRIVER.connect("jdbc:duckdb:", properties).unwrap(DuckDBConnection.class);
    }

    private static void closeQuietly(DuckDBConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // an in-memory database has nothing to lose on close
            }
        }
    }

    static void execute(DuckDBConnection connection, String sql) throws SQLException {
        // a statement that failed is closed by the driver, so each call gets its own
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String line = message.strip().lines().findFirst().orElse("unknown error");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static List<Column> describe(DuckDBConnection connection) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet empty = statement.executeQuery("SELECT * FROM t LIMIT 0")) {
            ResultSetMetaData meta = empty.getMetaData();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                String typeName = meta.getColumnTypeName(c);
                columns.add(new Column(meta.getColumnLabel(c), kind(meta.getColumnType(c), typeName), typeName));
            }
        }
        return columns;
    }

    /**
     * Types the CSV columns DuckDB left as text the way {@code pandas.read_csv} would, in one pass over
     * them: a column with no value at all is float64 NaN (EMPTY); one whose values all read as integers
     * becomes BIGINT and one whose values all read as floats DOUBLE, for DuckDB keeps {@code 00042} as
     * text (leading zeros) where pandas reads the int64 42.
     */
    private static List<Column> typeTextColumns(DuckDBConnection connection, List<Column> columns) throws SQLException {
        List<Column> strings = columns.stream().filter(c -> c.kind() == Kind.STRING).toList();
        if (strings.isEmpty()) {
            return columns;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < strings.size(); i++) {
            String c = strings.get(i).sql();
            sql.append(i == 0 ? "" : ", ").append("count(").append(c).append("), count(CASE WHEN regexp_full_match(")
                    .append(c).append(", '").append(CSV_INTEGER).append("') AND TRY_CAST(trim(").append(c)
                    .append(") AS BIGINT) IS NOT NULL THEN 1 END), count(CASE WHEN regexp_full_match(").append(c)
                    .append(", '").append(CSV_FLOAT).append("') THEN 1 END)");
        }
        Map<String, Kind> retyped = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet r = statement.executeQuery(sql + " FROM t")) {
            r.next();
            for (int i = 0; i < strings.size(); i++) {
                long present = r.getLong(3 * i + 1);
                if (present == 0) {
                    retyped.put(strings.get(i).name(), Kind.EMPTY);
                } else if (r.getLong(3 * i + 2) == present) {
                    retyped.put(strings.get(i).name(), Kind.INTEGER);
                } else if (r.getLong(3 * i + 3) == present) {
                    retyped.put(strings.get(i).name(), Kind.FLOAT);
                }
            }
        }
        if (retyped.isEmpty()) {
            return columns;
        }
        List<Column> out = new ArrayList<>(columns.size());
        for (Column c : columns) {
            Kind kind = retyped.get(c.name());
            if (kind == null) {
                out.add(c);
            } else if (kind == Kind.EMPTY) {
                out.add(new Column(c.name(), Kind.EMPTY, c.typeName()));
            } else {
                String type = kind == Kind.INTEGER ? "BIGINT" : "DOUBLE";
                execute(connection, "ALTER TABLE t ALTER COLUMN " + c.sql() + " SET DATA TYPE " + type + " USING CAST(trim("
                        + c.sql() + ") AS " + type + ")");
                out.add(new Column(c.name(), kind, type));
            }
        }
        return out;
    }

    /** A {@code read_csv} call as pandas reads CSV: header, types sniffed from a sample or {@code everyRow}, pandas' NA markers. */
    static String csvScan(String literal, boolean everyRow) {
        return "read_csv(" + literal + ", header = true, auto_type_candidates = ['BOOLEAN', 'BIGINT', 'DOUBLE',"
                + " 'VARCHAR'], nullstr = " + sqlList(PANDAS_NA) + (everyRow ? ", sample_size = -1" : "") + ")";
    }

    /** Whether some VARCHAR column has values and all of them read as numbers or booleans. */
    private static boolean stringColumnsLookTyped(DuckDBConnection connection) throws SQLException {
        List<Column> strings = describe(connection).stream().filter(c -> c.kind() == Kind.STRING).toList();
        if (strings.isEmpty()) {
            return false;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < strings.size(); i++) {
            String column = strings.get(i).sql();
            sql.append(i == 0 ? "" : ", ").append("count(").append(column).append("), count(TRY_CAST(").append(column)
                    .append(" AS DOUBLE)), count(CASE WHEN lower(").append(column).append(") IN ('true', 'false') THEN 1 END)");
        }
        try (Statement statement = connection.createStatement(); ResultSet counts = statement.executeQuery(sql + " FROM t")) {
            counts.next();
            for (int i = 0; i < strings.size(); i++) {
                long present = counts.getLong(3 * i + 1);
                if (present > 0 && (counts.getLong(3 * i + 2) == present || counts.getLong(3 * i + 3) == present)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String sqlList(List<String> values) {
        StringBuilder sql = new StringBuilder("[");
        for (String v : values) {
            sql.append(sql.length() > 1 ? ", " : "").append(literal(v));
        }
        return sql.append(']').toString();
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** How pandas would hold a column of this DuckDB type (never EMPTY: that needs the values). */
    static Kind kind(int sqlType, String typeName) {
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
