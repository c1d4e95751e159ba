package io.capstan.store.duckdb;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.spi.ColumnBatchSink;
import io.capstan.monitoring.spi.ColumnBatchSink.Kind;
import io.capstan.monitoring.spi.TableScanner;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Streams CSV and Parquet files row batch by row batch into a {@link ColumnBatchSink}, for sketch mode:
 * DuckDB's streaming result (no materialised copy of the file, in DuckDB or in the JVM), so memory stays
 * bounded by one batch whatever the file's size. Columns are typed as {@link DuckDbTables} types them
 * (pandas' reading): CSV types are sniffed from every row (the sniffing pass does not keep the rows),
 * pandas' missing-value markers are missing. Each scan opens its own in-memory DuckDB connection, so
 * the class is thread-safe.
 */
public final class DuckDbScanner implements TableScanner {
    private final int threads;

    /**
     * @param threads DuckDB worker threads per scan (at least 1)
     */
    public DuckDbScanner(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
    }

    @Override
    public void scan(String location, ColumnBatchSink sink) {
        requireNonNull(location, "location is null");
        requireNonNull(sink, "sink is null");
        Path path = DuckDbFile.readableFile(location);
        String lower = path.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean parquet = lower.endsWith(".parquet") || lower.endsWith(".pq");
        String literal = "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
        String from = parquet ? "read_parquet(" + literal + ")" : DuckDbFile.csvScan(literal, true);
        Properties properties = new Properties();
        // DuckDB's JDBC driver otherwise materialises the whole result before the first row
        properties.setProperty("jdbc_stream_results", "true");
        try (Connection connection = DuckDbFile.connect(properties)) {
            try (Statement settings = connection.createStatement()) {
                settings.execute("SET threads = " + threads);
            }
            try (Statement query = connection.createStatement();
                    ResultSet rows = query.executeQuery("SELECT * FROM " + from)) {
                stream(rows, sink, !parquet);
            }
        } catch (SQLException e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e,
                    String.format("Cannot read '%s' as %s: %s", location, parquet ? "Parquet" : "CSV",
                            DuckDbFile.firstLine(e.getMessage())));
        }
    }

    private static void stream(ResultSet rows, ColumnBatchSink sink, boolean csv) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int n = meta.getColumnCount();
        List<String> names = new ArrayList<>(n);
        Kind[] kinds = new Kind[n];
        for (int c = 0; c < n; c++) {
            names.add(meta.getColumnLabel(c + 1));
            kinds[c] = kind(meta.getColumnType(c + 1), meta.getColumnTypeName(c + 1));
        }
        sink.start(names, List.of(kinds), csv);
        int batch = ColumnBatchSink.BATCH;
        double[][] numbers = new double[n][];
        String[][] strings = new String[n][];
        Boolean[][] booleans = new Boolean[n][];
        for (int c = 0; c < n; c++) {
            switch (kinds[c]) {
                case INTEGER, FLOAT -> numbers[c] = new double[batch];
                case STRING -> strings[c] = new String[batch];
                case BOOLEAN -> booleans[c] = new Boolean[batch];
                case OTHER -> { }
            }
        }
        long total = 0;
        int filled = 0;
        while (rows.next()) {
            for (int c = 0; c < n; c++) {
                switch (kinds[c]) {
                    case INTEGER -> {
                        long v = rows.getLong(c + 1);
                        numbers[c][filled] = rows.wasNull() ? Double.NaN : v;
                    }
                    case FLOAT -> {
                        double v = rows.getDouble(c + 1);
                        numbers[c][filled] = rows.wasNull() ? Double.NaN : v;
                    }
                    case STRING -> strings[c][filled] = rows.getString(c + 1);
                    case BOOLEAN -> {
                        boolean v = rows.getBoolean(c + 1);
                        booleans[c][filled] = rows.wasNull() ? null : v;
                    }
                    case OTHER -> { }
                }
            }
            if (++filled == batch) {
                flush(sink, kinds, numbers, strings, booleans, filled);
                total += filled;
                filled = 0;
            }
        }
        if (filled > 0) {
            flush(sink, kinds, numbers, strings, booleans, filled);
            total += filled;
        }
        sink.end(total);
    }

    private static void flush(ColumnBatchSink sink, Kind[] kinds, double[][] numbers, String[][] strings,
            Boolean[][] booleans, int count) {
        for (int c = 0; c < kinds.length; c++) {
            switch (kinds[c]) {
                case INTEGER, FLOAT -> sink.numbers(c, numbers[c], count);
                case STRING -> sink.strings(c, strings[c], count);
                case BOOLEAN -> sink.booleans(c, booleans[c], count);
                case OTHER -> sink.others(c, count);
            }
        }
    }

    /** The column's kind by the same rule as a whole-table read ({@link DuckDbFile}). */
    private static Kind kind(int sqlType, String typeName) {
        return switch (DuckDbFile.kind(sqlType, typeName)) {
            case INTEGER -> Kind.INTEGER;
            case FLOAT -> Kind.FLOAT;
            case BOOLEAN -> Kind.BOOLEAN;
            case STRING -> Kind.STRING;
            case EMPTY, OTHER -> Kind.OTHER;
        };
    }
}
