package io.capstan.monitoring.spi;

import static java.util.Objects.requireNonNull;

import io.capstan.monitoring.table.BooleanColumn;
import io.capstan.monitoring.table.CountedColumn;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.OtherColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.table.TableColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams a table from a location in batches of rows, so that a consumer (a sketch) can see every row
 * while only one batch is in memory. Columns are typed as {@link TabularSource} types them (pandas'
 * reading), except that whether an integer column has a missing value, and whether a CSV column has
 * any value at all, is only known at the end: the sink sees the declared kind and works it out.
 * Implementations are thread-safe; one scan calls its sink from one thread.
 */
public interface TableScanner {
    /**
     * Streams the table at {@code location} into {@code sink}: {@link ColumnBatchSink#start} once, then
     * batches, column by column, until every row was delivered.
     *
     * @throws io.capstan.core.CapstanException as {@link TabularSource#read}
     */
    void scan(String location, ColumnBatchSink sink);

    /**
     * Returns a scanner that reads the whole table with {@code source} and hands it over in batches: for
     * sources that cannot stream (in-memory tables), where memory is not bounded but results are the same.
     */
    static TableScanner reading(TabularSource source) {
        requireNonNull(source, "source is null");
        return (location, sink) -> feed(source.read(location), sink);
    }

    /** Hands a whole table to a sink, in batches of {@value ColumnBatchSink#BATCH} rows. */
    static void feed(Table table, ColumnBatchSink sink) {
        requireNonNull(table, "table is null");
        requireNonNull(sink, "sink is null");
        List<ColumnBatchSink.Kind> kinds = new ArrayList<>();
        for (TableColumn column : table.columns()) {
            kinds.add(switch (column) {
                case NumberColumn n -> n.isInteger() ? ColumnBatchSink.Kind.INTEGER : ColumnBatchSink.Kind.FLOAT;
                case StringColumn s -> ColumnBatchSink.Kind.STRING;
                case BooleanColumn b -> ColumnBatchSink.Kind.BOOLEAN;
                case OtherColumn o -> ColumnBatchSink.Kind.OTHER;
                case CountedColumn counted -> throw counted.noRows();
            });
        }
        // a table from the Java API is what it is: an all-missing string column stays strings
        sink.start(table.columnNames(), kinds, false);
        int rows = table.rowCount();
        for (int c = 0; c < kinds.size(); c++) {
            TableColumn column = table.columns().get(c);
            for (int from = 0; from < rows; from += ColumnBatchSink.BATCH) {
                int to = Math.min(rows, from + ColumnBatchSink.BATCH);
                switch (column) {
                    case NumberColumn n -> {
                        double[] batch = Arrays.copyOfRange(n.valuesView(), from, to);
                        sink.numbers(c, batch, batch.length);
                    }
                    case StringColumn s -> {
                        String[] batch = Arrays.copyOfRange(s.valuesView(), from, to);
                        sink.strings(c, batch, batch.length);
                    }
                    case BooleanColumn b -> {
                        Boolean[] batch = new Boolean[to - from];
                        for (int i = from; i < to; i++) {
                            batch[i - from] = b.get(i);
                        }
                        sink.booleans(c, batch, batch.length);
                    }
                    case OtherColumn o -> sink.others(c, to - from);
                    case CountedColumn counted -> throw counted.noRows();
                }
            }
        }
        sink.end(rows);
    }
}
