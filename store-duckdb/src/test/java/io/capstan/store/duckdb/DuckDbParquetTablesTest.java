package io.capstan.store.duckdb;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.monitoring.spi.TabularSource;
import io.capstan.testkit.TabularSourceContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class DuckDbParquetTablesTest extends TabularSourceContract {
    private final DuckDbTables tables = new DuckDbTables(1);

    @Override
    protected TabularSource source() {
        return tables;
    }

    @Override
    protected String store(Path dir) throws Exception {
        Path file = dir.resolve("fixture.parquet");
        // the types pandas.to_parquet writes for the fixture: int64, float64 (NaN as null), string, bool
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES (1::BIGINT, 9.5::DOUBLE, 'Paris', true, 3.0::DOUBLE, NULL::DOUBLE),"
                    + " (2, NULL, 'Lyon', false, NULL, NULL), (3, 7.25, NULL, true, 1.0, NULL),"
                    + " (4, 1000.0, 'Paris', false, 2.0, NULL)) AS v(id, price, city, active, level, empty))"
                    + " TO '" + file + "' (FORMAT PARQUET)");
        }
        return file.toString();
    }

    @Override
    protected String missingLocation(Path dir) {
        return dir.resolve("missing.parquet").toString();
    }

    @Test
    void aFileThatIsNotParquetIsAClearError() throws Exception {
        Path file = dir.resolve("fake.parquet");
        Files.writeString(file, "not parquet at all");

        assertThatThrownBy(() -> tables.read(file.toString()))
                .isInstanceOf(CapstanException.class)
                .hasMessageStartingWith("Cannot read '" + file + "' as Parquet: ");
    }
}
