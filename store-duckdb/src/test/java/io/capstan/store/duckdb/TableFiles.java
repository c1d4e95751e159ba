package io.capstan.store.duckdb;

import io.capstan.monitoring.table.BooleanColumn;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.OtherColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.table.TableColumn;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Writes a test {@link Table} as the CSV or Parquet file that reads back as the same table. */
final class TableFiles {
    private TableFiles() {
    }

    static Path csv(Table table, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            List<String> header = new ArrayList<>();
            for (String name : table.columnNames()) {
                header.add(quote(name));
            }
            out.write(String.join(",", header) + "\n");
            for (int row = 0; row < table.rowCount(); row++) {
                List<String> cells = new ArrayList<>();
                for (TableColumn column : table.columns()) {
                    cells.add(cell(column, row));
                }
                out.write(String.join(",", cells) + "\n");
            }
        }
        return file;
    }

    /** The CSV file through DuckDB into Parquet, in small row groups so that scans run in parallel. */
    static Path parquet(Table table, Path file) throws IOException {
        Path csv = csv(table, file.resolveSibling(file.getFileName() + ".csv"));
        try (DuckDbFile read = DuckDbFile.open(csv.toString(), 1)) {
            List<String> empty = new ArrayList<>();
            for (DuckDbFile.Column column : read.columns()) {
                if (column.kind() == DuckDbFile.Kind.EMPTY) {
                    // pandas writes its all-NaN float column as doubles, not as strings
                    empty.add("CAST(" + column.sql() + " AS DOUBLE) AS " + column.sql());
                }
            }
            String select = empty.isEmpty() ? "*" : "* REPLACE (" + String.join(", ", empty) + ")";
            DuckDbFile.execute(read.connection(), "COPY (SELECT " + select + " FROM t) TO "
                    + DuckDbFile.literal(file.toString()) + " (FORMAT PARQUET, ROW_GROUP_SIZE 2048)");
        } catch (SQLException e) {
            throw new IOException(e);
        }
        return file;
    }

    private static String cell(TableColumn column, int row) {
        return switch (column) {
            case NumberColumn n -> Double.isNaN(n.get(row)) ? ""
                    : n.isInteger() ? Long.toString((long) n.get(row)) : Double.toString(n.get(row));
            case StringColumn s -> s.get(row) == null ? "" : quote(s.get(row));
            case BooleanColumn b -> b.get(row) == null ? "" : b.get(row).toString();
            case OtherColumn o -> throw new IllegalArgumentException("cannot write " + o.typeName());
            case io.capstan.monitoring.table.CountedColumn c -> throw c.noRows();
        };
    }

    private static String quote(String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
