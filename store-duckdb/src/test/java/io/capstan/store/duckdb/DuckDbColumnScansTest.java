package io.capstan.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.validation.Answers;
import io.capstan.monitoring.validation.ColumnScan;
import io.capstan.monitoring.validation.Condition;
import io.capstan.monitoring.validation.Measure;
import io.capstan.monitoring.validation.TableScan;
import io.capstan.monitoring.validation.UnexpectedValues;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the contract's CSV and Parquet round trips cannot show: NaN stored as a value in Parquet. */
class DuckDbColumnScansTest {
    @TempDir
    Path dir;

    @Test
    void aNanStoredInParquetIsMissingAsTheTableReadsIt() throws Exception {
        Path file = dir.resolve("nan.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES (1.5::DOUBLE), ('NaN'::DOUBLE), (NULL), (-2.0), ('NaN'::DOUBLE))"
                    + " AS v(x)) TO '" + file + "' (FORMAT PARQUET)");
        }
        Table table = new DuckDbTables(1).read(file.toString());
        List<io.capstan.monitoring.validation.Measure<?>> measures = List.of(new Measure.MissingCount("x"),
                new Measure.Maximum("x"), new Measure.Minimum("x"), new Measure.Mean("x"), new Measure.Median("x"),
                new Measure.DistinctCount("x"), new Measure.Duplicates("x", 20),
                new Measure.Unexpected("x", new Condition.Between(0.0, null, false, false), 20));
        Answers expected = new TableScan(table).measure(measures);
        try (ColumnScan scan = new DuckDbColumnScans(2).open(file.toString())) {
            Answers actual = scan.measure(measures);
            for (Measure<?> m : measures) {
                assertThat((Object) actual.get(m)).as(m.toString()).isEqualTo(expected.get(m));
            }
            assertThat(actual.get(new Measure.MissingCount("x"))).isEqualTo(3L);
            assertThat(actual.get(new Measure.Maximum("x"))).isEqualTo(1.5);
            assertThat(actual.get(new Measure.Unexpected("x", new Condition.Between(0.0, null, false, false), 20)))
                    .isEqualTo(new UnexpectedValues(1, List.of(-2.0)));
        }
    }
}
