package io.capstan.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.drift.ColumnResult;
import io.capstan.monitoring.drift.DatasetDrift;
import io.capstan.monitoring.drift.DatasetDriftResult;
import io.capstan.monitoring.drift.DriftExtras;
import io.capstan.monitoring.drift.DriftOptions;
import io.capstan.monitoring.drift.SketchDrift;
import io.capstan.monitoring.drift.SketchOptions;
import io.capstan.monitoring.drift.TableSketch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming a file into sketches types it as reading it whole does: on small files sketch mode equals the exact run. */
class DuckDbScannerTest {
    @TempDir
    Path dir;

    private final DuckDbScanner scanner = new DuckDbScanner(1);
    private final DuckDbTables tables = new DuckDbTables(1);

    private Path csv(String name, long seed, double shift) throws Exception {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder("x,n,level,city,flag,empty,sometimes\n");
        for (int i = 0; i < 3000; i++) {
            text.append(String.format(java.util.Locale.ROOT, "%.6f", random.nextGaussian() + shift)).append(',')
                    .append(random.nextInt(50)).append(',')
                    .append(random.nextDouble() < 0.05 ? "" : String.valueOf(random.nextInt(4))).append(',')
                    .append(random.nextDouble() < 0.1 ? "NA" : random.nextDouble() < 0.6 + shift / 5 ? "Paris" : "Lyon")
                    .append(',').append(random.nextBoolean()).append(",,")
                    .append(i > 2000 ? "late" : "").append('\n');
        }
        Path file = dir.resolve(name + ".csv");
        Files.writeString(file, text);
        return file;
    }

    private static DatasetDriftResult[] both(Path reference, Path current, DuckDbScanner scanner, DuckDbTables tables) {
        DriftOptions options = DriftOptions.defaults().withExtras(DriftExtras.NONE.withMissingDrift(0.05, false)
                .withEffectSizes(true));
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            DatasetDriftResult exact = new DatasetDrift(executor).run(tables.read(reference.toString()),
                    tables.read(current.toString()), options, DatasetDrift.Progress.NONE);
            TableSketch r = new TableSketch(SketchOptions.defaults());
            TableSketch c = new TableSketch(SketchOptions.defaults());
            scanner.scan(reference.toString(), r);
            scanner.scan(current.toString(), c);
            return new DatasetDriftResult[] {exact, new SketchDrift().run(r, c, options)};
        } finally {
            executor.shutdownNow();
        }
    }

    private static void assertSame(DatasetDriftResult exact, DatasetDriftResult sketch) {
        assertThat(sketch.referenceRows()).isEqualTo(exact.referenceRows());
        assertThat(sketch.skipped()).isEqualTo(exact.skipped());
        assertThat(sketch.columns()).hasSameSizeAs(exact.columns());
        for (int i = 0; i < exact.columns().size(); i++) {
            ColumnResult a = exact.columns().get(i);
            ColumnResult b = sketch.columns().get(i);
            assertThat(b.columnType()).as(a.column()).isEqualTo(a.columnType());
            assertThat(b.result()).as(a.column()).isEqualTo(a.result());
            assertThat(b.missing()).as(a.column()).isEqualTo(a.missing());
            assertThat(b.effectSize()).as(a.column()).isEqualTo(a.effectSize());
        }
    }

    @Test
    void csvStreamsAsItReads() throws Exception {
        DatasetDriftResult[] results = both(csv("ref", 1, 0), csv("cur", 2, 0.3), scanner, tables);
        assertSame(results[0], results[1]);
        assertThat(results[0].columns()).extracting(ColumnResult::column).contains("x", "level", "city", "flag");
    }

    @Test
    void parquetStreamsAsItReads() throws Exception {
        Path ref = dir.resolve("ref.parquet");
        Path cur = dir.resolve("cur.parquet");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            for (Path file : new Path[] {ref, cur}) {
                statement.execute("COPY (SELECT random() + " + (file == cur ? "0.2" : "0") + " AS x, (i % 7) AS level,"
                        + " CASE WHEN i % 13 = 0 THEN NULL ELSE i % 3 END AS gaps, 'v' || (i % 4) AS s"
                        + " FROM range(5000) t(i)) TO '" + file + "' (FORMAT parquet)");
            }
        }
        DatasetDriftResult[] results = both(ref, cur, scanner, tables);
        assertSame(results[0], results[1]);
    }

    @Test
    void missingFilesAreTheSameErrors() {
        assertThatThrownBy(() -> scanner.scan(dir.resolve("nope.csv").toString(), new TableSketch(SketchOptions.defaults())))
                .isInstanceOf(CapstanException.class)
                .satisfies(e -> assertThat(((CapstanException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
        assertThatThrownBy(() -> scanner.scan(dir.toString(), new TableSketch(SketchOptions.defaults())))
                .hasMessageContaining("is a directory");
    }
}
