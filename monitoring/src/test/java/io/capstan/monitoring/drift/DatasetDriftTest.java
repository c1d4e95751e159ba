package io.capstan.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.monitoring.table.BooleanColumn;
import io.capstan.monitoring.table.CountedColumn;
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

    @Test
    void countedColumnsGiveWhatTheirRowsGive() {
        String[] cities = {"Paris", "Lyon", "Nice", "Lille"};
        String[] refCity = new String[2000];
        String[] curCity = new String[1500];
        Boolean[] refFlag = new Boolean[2000];
        Boolean[] curFlag = new Boolean[1500];
        String[] refBinary = new String[2000];
        String[] curBinary = new String[1500];
        for (int i = 0; i < refCity.length; i++) {
            refCity[i] = i % 17 == 0 ? null : cities[i % 4];
            refFlag[i] = i % 3 == 0;
            refBinary[i] = i % 5 == 0 ? "yes" : "no";
        }
        for (int i = 0; i < curCity.length; i++) {
            curCity[i] = i % 11 == 0 ? null : cities[(i * i) % 4];
            curFlag[i] = i % 2 == 0;
            curBinary[i] = i % 4 == 0 ? "yes" : "no";
        }
        Table reference = Table.of(StringColumn.of("city", refCity), BooleanColumn.of("flag", refFlag),
                StringColumn.of("binary", refBinary));
        Table current = Table.of(StringColumn.of("city", curCity), BooleanColumn.of("flag", curFlag),
                StringColumn.of("binary", curBinary));
        DriftOptions options = DriftOptions.defaults().withExtras(DriftExtras.NONE.withMissingDrift(0.05, false)
                .withEffectSizes(true).withCorrection(Correction.HOLM));

        for (StatTest test : List.of(StatTest.CHISQUARE, StatTest.Z, StatTest.PSI, StatTest.JENSENSHANNON,
                StatTest.KL_DIV, StatTest.HELLINGER)) {
            DriftOptions chosen = options.withStattests(null, null, test, Map.of());
            assertThat(drift.run(reference.countingCategories(), current.countingCategories(), chosen,
                    DatasetDrift.Progress.NONE)).as(test.id())
                    .isEqualTo(drift.run(reference, current, chosen, DatasetDrift.Progress.NONE));
        }
        DatasetDriftResult byDefault = drift.run(reference, current, options, DatasetDrift.Progress.NONE);
        assertThat(drift.run(reference.countingCategories(), current, options, DatasetDrift.Progress.NONE))
                .isEqualTo(byDefault);
        assertThat(drift.run(reference, current.countingCategories(), options, DatasetDrift.Progress.NONE))
                .isEqualTo(byDefault);
    }

    @Test
    void countedColumnsAreTypedAsTheirRows() {
        for (var column : List.of(StringColumn.of("s", "a", "a", "b", "b"), StringColumn.of("s", "a", "b", "c", "c"),
                StringColumn.of("s", null, null), BooleanColumn.of("b", true, false), BooleanColumn.of("b", true, null))) {
            assertThat(ColumnType.infer(CountedColumn.of(column))).as(column.toString())
                    .isEqualTo(ColumnType.infer(column));
        }
    }

    @Test
    void tvdNeedsTheRowsItPermutes() {
        Table table = Table.of(StringColumn.of("s", "a", "b", "a", "b", "a", "a"));
        DriftOptions tvd = DriftOptions.defaults().withStattests(StatTest.TVD, null, null, Map.of());

        assertThat(tvd.configures(StatTest.TVD)).isTrue();
        assertThat(DriftOptions.defaults().configures(StatTest.TVD)).isFalse();
        assertThat(DriftOptions.defaults().withStattests(null, null, null, Map.of("s", StatTest.TVD))
                .configures(StatTest.TVD)).isTrue();
        assertThat(drift.run(table, table, tvd, DatasetDrift.Progress.NONE).columns().get(0).result().stattest())
                .isEqualTo("TVD");
        assertThatThrownBy(() -> drift.run(table.countingCategories(), table, tvd, DatasetDrift.Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TVD permutes the rows");
    }
}
