package io.capstan.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.monitoring.table.BooleanColumn;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.OtherColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatasetDriftTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final DatasetDrift drift = new DatasetDrift(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void infersTypesAsEvidently() {
        long[] few = new long[50];
        long[] many = new long[50];
        for (int i = 0; i < 50; i++) {
            few[i] = i % 10;
            many[i] = i % 11;
        }
        assertThat(ColumnType.infer(NumberColumn.ofDoubles("f", 1, 1, 1))).isEqualTo(ColumnType.NUMERICAL);
        assertThat(ColumnType.infer(NumberColumn.ofLongs("i", few))).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(ColumnType.infer(NumberColumn.ofLongs("i", many))).isEqualTo(ColumnType.NUMERICAL);
        assertThat(ColumnType.infer(BooleanColumn.of("b", true, false))).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(ColumnType.infer(BooleanColumn.of("b", true, null))).isEqualTo(ColumnType.UNKNOWN);
        assertThat(ColumnType.infer(StringColumn.of("s", "a", "a", "b", "b"))).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(ColumnType.infer(StringColumn.of("s", "a", "b", "c", "c"))).isEqualTo(ColumnType.TEXT);
        assertThat(ColumnType.infer(StringColumn.of("s", null, null))).isEqualTo(ColumnType.UNKNOWN);
        assertThat(ColumnType.infer(new OtherColumn("d", "DATE", 3, 0))).isEqualTo(ColumnType.UNKNOWN);
    }

    @Test
    void datasetDriftsWhenTheShareReachesTheThreshold() {
        Table reference = Table.of(NumberColumn.ofDoubles("a", 1, 2, 3, 4, 5, 6, 7, 8),
                NumberColumn.ofDoubles("b", 1, 2, 3, 4, 5, 6, 7, 8));
        Table current = Table.of(NumberColumn.ofDoubles("a", 11, 12, 13, 14, 15, 16, 17, 18),
                NumberColumn.ofDoubles("b", 1, 2, 3, 4, 5, 6, 7, 8));

        DatasetDriftResult result = drift.run(reference, current, DriftOptions.defaults(), DatasetDrift.Progress.NONE);

        assertThat(result.numberOfDriftedColumns()).isEqualTo(1);
        assertThat(result.shareOfDriftedColumns()).isEqualTo(0.5);
        assertThat(result.datasetDrift()).isTrue();
        assertThat(drift.run(reference, current, DriftOptions.defaults().withDriftShare(0.51),
                DatasetDrift.Progress.NONE).datasetDrift()).isFalse();
    }

    @Test
    void integerAndFloatSidesOfOneCategoryAreOneValue() {
        Table reference = Table.of(NumberColumn.ofDoubles("n", 1, 2, 1, 2, Double.NaN));
        Table current = Table.of(NumberColumn.ofLongs("n", 1, 2, 2, 1));

        ColumnResult column = drift.run(reference, current, DriftOptions.defaults(), DatasetDrift.Progress.NONE)
                .columns().get(0);

        assertThat(column.columnType()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(column.result().stattest()).isEqualTo("z");
        assertThat(column.result().score()).isEqualTo(1.0);
        assertThat(column.referenceMissing()).isEqualTo(1);
    }

    @Test
    void aColumnsOwnSettingWinsOverItsTypeOverAll() {
        DriftOptions options = DriftOptions.defaults()
                .withStattests(StatTest.PSI, StatTest.KS, null, Map.of("b", StatTest.WASSERSTEIN))
                .withThresholds(0.3, null, 0.01, Map.of("b", 0.7));

        assertThat(options.stattestFor("a", ColumnType.NUMERICAL)).isEqualTo(StatTest.KS);
        assertThat(options.stattestFor("c", ColumnType.CATEGORICAL)).isEqualTo(StatTest.PSI);
        assertThat(options.stattestFor("b", ColumnType.NUMERICAL)).isEqualTo(StatTest.WASSERSTEIN);
        assertThat(options.thresholdFor("a", ColumnType.NUMERICAL)).isEqualTo(0.3);
        assertThat(options.thresholdFor("c", ColumnType.CATEGORICAL)).isEqualTo(0.01);
        assertThat(options.thresholdFor("b", ColumnType.NUMERICAL)).isEqualTo(0.7);
    }

    @Test
    void aColumnMissingFromTheReferenceIsRefused() {
        Table reference = Table.of(NumberColumn.ofDoubles("a", 1, 2));
        Table current = Table.of(NumberColumn.ofDoubles("b", 1, 2));

        assertThatThrownBy(() -> drift.run(reference, current, DriftOptions.defaults(), DatasetDrift.Progress.NONE))
                .isInstanceOf(CapstanException.class)
                .hasMessage("Column 'b' is in the current data but not in the reference (its columns: a)");
    }

    @Test
    void nothingTestableIsRefusedWithTheReasons() {
        Table reference = Table.of(StringColumn.of("t", "a", "b"));
        Table current = Table.of(StringColumn.of("t", "c", "d"));

        assertThatThrownBy(() -> drift.run(reference, current, DriftOptions.defaults(), DatasetDrift.Progress.NONE))
                .isInstanceOf(CapstanException.class)
                .hasMessageStartingWith("No column can be drift-tested (t: text column");
    }

    @Test
    void resultsKeepTheColumnOrder() {
        Table table = Table.of(List.of(NumberColumn.ofDoubles("z", 1, 2, 3), NumberColumn.ofDoubles("a", 1, 2, 3),
                NumberColumn.ofDoubles("m", 1, 2, 3)));

        assertThat(drift.run(table, table, DriftOptions.defaults(), DatasetDrift.Progress.NONE).columns())
                .extracting(ColumnResult::column).containsExactly("z", "a", "m");
    }
}
