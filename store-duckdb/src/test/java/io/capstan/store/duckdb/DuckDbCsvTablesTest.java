package io.capstan.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.spi.TabularSource;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import io.capstan.testkit.TabularSourceContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DuckDbCsvTablesTest extends TabularSourceContract {
    static final String FIXTURE = """
            id,price,city,active,level,empty
            1,9.5,Paris,true,3,
            2,NA,Lyon,false,,
            3,7.25,,true,1,
            4,1e3,Paris,false,2,
            """;

    private final DuckDbTables tables = new DuckDbTables(1);

    @Override
    protected TabularSource source() {
        return tables;
    }

    @Override
    protected String store(Path dir) throws Exception {
        Path file = dir.resolve("fixture.csv");
        Files.writeString(file, FIXTURE);
        return file.toString();
    }

    @Override
    protected String missingLocation(Path dir) {
        return dir.resolve("missing.csv").toString();
    }

    @Test
    void textInANumericColumnMakesItAStringColumn() throws Exception {
        Path file = dir.resolve("mixed.csv");
        Files.writeString(file, "x,y\n1,2\nabc,3\n");

        Table table = tables.read(file.toString());

        assertThat(table.column("x").orElseThrow()).isInstanceOf(StringColumn.class);
        assertThat(((NumberColumn) table.column("y").orElseThrow()).isInteger()).isTrue();
    }

    @Test
    void typesFollowEveryRowNotASample() throws Exception {
        StringBuilder csv = new StringBuilder("late_number,late_text,late_decimal\n");
        for (int i = 0; i < 30_000; i++) {
            csv.append(",").append(i).append(",").append(i).append("\n");
        }
        csv.append("2.5,abc,0.5\n");
        Path file = dir.resolve("late.csv");
        Files.writeString(file, csv);

        Table table = tables.read(file.toString());

        NumberColumn lateNumber = (NumberColumn) table.column("late_number").orElseThrow();
        assertThat(lateNumber.get(30_000)).isEqualTo(2.5);
        assertThat(lateNumber.missingCount()).isEqualTo(30_000);
        assertThat(table.column("late_text").orElseThrow()).isInstanceOf(StringColumn.class);
        NumberColumn lateDecimal = (NumberColumn) table.column("late_decimal").orElseThrow();
        assertThat(lateDecimal.isInteger()).isFalse();
        assertThat(lateDecimal.get(30_000)).isEqualTo(0.5);
    }

    @Test
    void numbersDuckDbKeepsAsTextArePandasNumbers() throws Exception {
        // DuckDB keeps leading zeros as text; pandas reads 00042 as the int64 42
        Path file = dir.resolve("zeros.csv");
        Files.writeString(file, "zip,score,code\n00042,+1.5,A1\n01000,inf,007\n00007,2,B2\n");

        Table table = tables.read(file.toString());

        NumberColumn zip = (NumberColumn) table.column("zip").orElseThrow();
        assertThat(zip.isInteger()).isTrue();
        assertThat(zip.valuesView()).containsExactly(42, 1000, 7);
        NumberColumn score = (NumberColumn) table.column("score").orElseThrow();
        assertThat(score.isInteger()).isFalse();
        assertThat(score.valuesView()).containsExactly(1.5, Double.POSITIVE_INFINITY, 2);
        assertThat(table.column("code").orElseThrow()).isInstanceOf(StringColumn.class);
    }

    @Test
    void datesStayStringsAsPandasReadsThem() throws Exception {
        Path file = dir.resolve("dates.csv");
        Files.writeString(file, "d\n2024-01-01\n2024-01-02\n");

        assertThat(tables.read(file.toString()).column("d").orElseThrow()).isInstanceOf(StringColumn.class);
    }

    @Test
    void aDirectoryIsRefusedInOneLine() {
        assertThatThrownBy(() -> tables.read(dir.toString()))
                .isInstanceOf(CapstanException.class)
                .hasMessageContaining("directory")
                .extracting(e -> ((CapstanException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }

    @Test
    void anEmptyFileIsAClearError() throws Exception {
        Path file = dir.resolve("empty.csv");
        Files.writeString(file, "");

        assertThatThrownBy(() -> tables.read(file.toString())).isInstanceOf(CapstanException.class)
                .hasMessage("File '" + file + "' is empty");
    }

    @Test
    void aHeaderOnlyFileHasNoRows() throws Exception {
        Path file = dir.resolve("header.csv");
        Files.writeString(file, "a,b\n");

        Table table = tables.read(file.toString());

        assertThat(table.columnNames()).containsExactly("a", "b");
        assertThat(table.rowCount()).isZero();
    }

    @Test
    void aMalformedFileIsAClearError() throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.write(file, new byte[] {'a', ',', 'b', '\n', 1, 2, (byte) 0xff, '"', '\n', '"', 'x'});

        assertThatThrownBy(() -> tables.read(file.toString()))
                .isInstanceOf(CapstanException.class)
                .hasMessageStartingWith("Cannot read '" + file + "' as CSV: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
