package io.capstan.monitoring.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CountedColumnTest {
    @Test
    void countsARowLevelColumnInOrderOfFirstAppearance() {
        CountedColumn counted = CountedColumn.of(StringColumn.of("city", "Lyon", null, "Paris", "Lyon", null));

        assertThat(counted.size()).isEqualTo(5);
        assertThat(counted.missingCount()).isEqualTo(2);
        assertThat(counted.distinctCount()).isEqualTo(2);
        assertThat(counted.value(0)).isEqualTo("Lyon");
        assertThat(counted.count(0)).isEqualTo(2);
        assertThat(counted.typeName()).isEqualTo("string");
        assertThat(CountedColumn.of(BooleanColumn.of("b", true, true, false)).typeName()).isEqualTo("boolean");
    }

    @Test
    void equalityIgnoresTheOrderOfValues() {
        assertThat(CountedColumn.strings("c", List.of("a", "b"), new long[] {1, 2}, 0))
                .isEqualTo(CountedColumn.strings("c", List.of("b", "a"), new long[] {2, 1}, 0))
                .isNotEqualTo(CountedColumn.strings("c", List.of("b", "a"), new long[] {1, 2}, 0))
                .isNotEqualTo(CountedColumn.strings("c", List.of("a", "b"), new long[] {1, 2}, 1));
    }

    @Test
    void refusesInconsistentCounts() {
        assertThatThrownBy(() -> CountedColumn.strings("c", List.of("a", "a"), new long[] {1, 1}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counted twice");
        assertThatThrownBy(() -> CountedColumn.strings("c", List.of("a"), new long[] {0}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not positive");
        assertThatThrownBy(() -> CountedColumn.strings("c", List.of("a"), new long[] {1, 2}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 values but 2 counts");
        assertThatThrownBy(() -> CountedColumn.strings("c", List.of("a"), new long[] {Integer.MAX_VALUE}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more rows than a table holds");
    }

    @Test
    void codeThatNeedsRowsSaysSo() {
        Table table = Table.of(StringColumn.of("s", "a", "b")).countingCategories();

        assertThat(table.rowCount()).isEqualTo(2);
        assertThatThrownBy(() -> io.capstan.monitoring.spi.TableScanner.feed(table,
                new io.capstan.monitoring.spi.ColumnBatchSink() {
                    @Override
                    public void start(List<String> names, List<Kind> kinds, boolean csv) {
                    }

                    @Override
                    public void numbers(int column, double[] values, int count) {
                    }

                    @Override
                    public void strings(int column, String[] values, int count) {
                    }

                    @Override
                    public void booleans(int column, Boolean[] values, int count) {
                    }

                    @Override
                    public void others(int column, int count) {
                    }

                    @Override
                    public void end(long rows) {
                    }
                })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read the table with TabularSource.read");
    }
}
