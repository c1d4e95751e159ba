package io.capstan.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbWindowedTablesTest {
    @TempDir
    Path dir;

    DuckDbWindowedTables tables() {
        return new DuckDbWindowedTables(new DuckDbTables(1), dir.resolve("scratch"), 1);
    }

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void keepsTheRowsOfTheWindowFromCsvText() throws Exception {
        Path csv = dir.resolve("scored.csv");
        Files.writeString(csv, "ts,x,city\n2026-12-01T09:59:59,1.5,Paris\n2026-12-01T10:00:00,2.5,Lyon\n"
                + "2026-12-01 10:30:00,3.5,Paris\n2026-12-01T11:00:00,4.5,Nice\n");
        Table t = tables().read(csv.toString(), "ts", T0, T0.plusSeconds(3600));
        assertThat(t.columnNames()).containsExactly("x", "city");
        assertThat(((NumberColumn) t.column("x").orElseThrow()).values()).containsExactly(2.5, 3.5);
        assertThat(Files.list(dir.resolve("scratch"))).isEmpty();
    }

    @Test
    void readsEpochSecondsAndTimestampsFromAGlobOfParquetFiles() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES (TIMESTAMP '2026-12-01 10:10:00', 1), (TIMESTAMP '2026-12-01 12:00:00', 2)) v(served_at, n)) TO '"
                    + dir.resolve("a.parquet") + "' (FORMAT parquet)");
            s.execute("COPY (SELECT * FROM (VALUES (TIMESTAMP '2026-12-01 10:20:00', 3)) v(served_at, n)) TO '"
                    + dir.resolve("b.parquet") + "' (FORMAT parquet)");
            s.execute("COPY (SELECT * FROM (VALUES (" + T0.getEpochSecond() + ", 7), (" + (T0.getEpochSecond() - 1)
                    + ", 8)) v(served_at, n)) TO '" + dir.resolve("epoch.csv") + "' (HEADER)");
        }
        Table t = tables().read(dir.resolve("*.parquet").toString(), "served_at", T0, T0.plusSeconds(3600));
        assertThat(t.rowCount()).isEqualTo(2);
        assertThat(((NumberColumn) t.column("n").orElseThrow()).isInteger()).isTrue();
        Table epoch = tables().read(dir.resolve("epoch.csv").toString(), "served_at", T0, T0.plusSeconds(60));
        assertThat(((NumberColumn) epoch.column("n").orElseThrow()).values()).containsExactly(7.0);
    }

    @Test
    void namesWhatIsMissing() throws Exception {
        Path csv = dir.resolve("x.csv");
        Files.writeString(csv, "a,b\n1,2\n");
        assertThatThrownBy(() -> tables().read(csv.toString(), "ts", T0, T0.plusSeconds(1)))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining("no timestamp column 'ts' (its columns: a, b)");
        assertThatThrownBy(() -> tables().read(dir.resolve("none.csv").toString(), "ts", T0, T0.plusSeconds(1)))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }
}
