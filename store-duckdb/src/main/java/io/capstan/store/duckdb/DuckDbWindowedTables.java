package io.capstan.store.duckdb;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.spi.TabularSource;
import io.capstan.monitoring.spi.WindowedTables;
import io.capstan.monitoring.table.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the rows of a CSV or Parquet file (or a glob of them) whose timestamp column falls in a
 * window: DuckDB filters the files into a temporary Parquet file, which the {@link TabularSource}
 * then reads with its usual typing. The timestamp column may hold timestamps, dates, ISO-8601 text
 * (without an offset: UTC) or numbers (seconds since the epoch). Thread-safe.
 */
public final class DuckDbWindowedTables implements WindowedTables {
    private final TabularSource files;
    private final Path scratch;
    private final int threads;

    /**
     * @param files reads the filtered Parquet file
     * @param scratch a directory for the temporary files
     * @param threads DuckDB worker threads per read
     */
    public DuckDbWindowedTables(TabularSource files, Path scratch, int threads) {
        this.files = requireNonNull(files, "files is null");
        this.scratch = requireNonNull(scratch, "scratch is null");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
    }

    @Override
    public Table read(String location, String timestampColumn, Instant from, Instant to) {
        requireNonNull(location, "location is null");
        requireNonNull(timestampColumn, "timestampColumn is null");
        String lower = location.toLowerCase(Locale.ROOT);
        boolean parquet = lower.endsWith(".parquet") || lower.endsWith(".pq");
        boolean glob = location.contains("*") || location.contains("?") || location.contains("[");
        if (!glob && !Files.isRegularFile(Path.of(location))) {
            throw new CapstanException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "File '%s' does not exist", location);
        }
        String literal = "'" + location.replace("'", "''") + "'";
        String scan = parquet ? "read_parquet(" + literal + ", union_by_name = true)"
                : "read_csv(" + literal + ", union_by_name = true, sample_size = -1)";
        Path out;
        try {
            Files.createDirectories(scratch);
            out = Files.createTempFile(scratch, "window-", ".parquet");
        } catch (IOException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, e, "Cannot create a temporary file: " + e.getMessage());
        }
        try (Connection connection = DuckDbFile.connect(new java.util.Properties())) {
            try (Statement s = connection.createStatement()) {
                s.execute("SET threads = " + threads);
                s.execute("SET TimeZone = 'UTC'");
                s.execute("CREATE VIEW src AS SELECT * FROM " + scan);
            }
            String type = columnType(connection, timestampColumn, location);
            String column = "\"" + timestampColumn.replace("\"", "\"\"") + "\"";
            String when = switch (kind(type)) {
                case NUMBER -> "to_timestamp(" + column + ")";
                case TIME -> "CAST(" + column + " AS TIMESTAMPTZ)";
                case TEXT -> "CAST(TRY_CAST(" + column + " AS TIMESTAMP) AS TIMESTAMPTZ)";
            };
            String copy = "COPY (SELECT * EXCLUDE (" + column + ") FROM src WHERE " + when + " >= to_timestamp(?) AND "
                    + when + " < to_timestamp(?)) TO '" + out.toString().replace("'", "''") + "' (FORMAT parquet)";
            try (PreparedStatement p = connection.prepareStatement(copy)) {
                p.setDouble(1, seconds(from));
                p.setDouble(2, seconds(to));
                p.execute();
            }
        } catch (SQLException e) {
            delete(out);
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e,
                    String.format("Cannot read '%s' as %s: %s", location, parquet ? "Parquet" : "CSV", message));
        }
        try {
            return files.read(out.toString());
        } finally {
            delete(out);
        }
    }

    private enum Kind { NUMBER, TIME, TEXT }

    private static Kind kind(String type) {
        String t = type.toUpperCase(Locale.ROOT);
        if (t.startsWith("TIMESTAMP") || t.equals("DATE")) {
            return Kind.TIME;
        }
        if (t.equals("VARCHAR")) {
            return Kind.TEXT;
        }
        if (List.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                "UBIGINT", "FLOAT", "DOUBLE").contains(t) || t.startsWith("DECIMAL")) {
            return Kind.NUMBER;
        }
        throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, "Timestamp column of type %s cannot place rows "
                + "in windows (use a timestamp, a date, ISO-8601 text or seconds since the epoch)", type);
    }

    private static String columnType(Connection connection, String column, String location) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("DESCRIBE src")) {
            while (r.next()) {
                names.add(r.getString(1));
                if (r.getString(1).equals(column)) {
                    return r.getString(2);
                }
            }
        }
        throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, "'%s' has no timestamp column '%s' (its columns: %s)",
                location, column, names.size() > 10 ? String.join(", ", names.subList(0, 10)) + ", …"
                        : String.join(", ", names));
    }

    private static double seconds(Instant t) {
        Instant clamped = t.isAfter(Instant.parse("9999-01-01T00:00:00Z")) ? Instant.parse("9999-01-01T00:00:00Z")
                : t.isBefore(Instant.EPOCH.minusSeconds(86400L * 365 * 1000)) ? Instant.EPOCH.minusSeconds(86400L * 365 * 1000) : t;
        return clamped.getEpochSecond() + clamped.getNano() / 1e9;
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless
        }
    }
}
