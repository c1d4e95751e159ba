package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

import io.capstan.monitoring.spi.ColumnBatchSink;
import io.capstan.monitoring.spi.TableScanner;
import io.capstan.monitoring.table.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole table summarised for sketch mode, one {@code ColumnSketch} per column, built by streaming rows
 * into it ({@link ColumnBatchSink}); its memory does not grow with the number of rows. Build it with
 * {@link TableScanner#scan} or {@link #of(Table, SketchOptions)}, then hand it to {@link SketchDrift}.
 * Not thread-safe while it is being built; read-only afterwards.
 */
public final class TableSketch implements ColumnBatchSink {
    private final SketchOptions options;
    private final Map<String, ColumnSketch> columns = new LinkedHashMap<>();
    private final List<ColumnSketch> byIndex = new ArrayList<>();
    private boolean allMissingStringIsNumber;
    private long rows = -1;

    /**
     * @param options the sketch settings; not null
     */
    public TableSketch(SketchOptions options) {
        this.options = requireNonNull(options, "options is null");
    }

    /** Returns the sketch of a table already in memory (for tests and the Java API). */
    public static TableSketch of(Table table, SketchOptions options) {
        TableSketch sketch = new TableSketch(options);
        TableScanner.feed(table, sketch);
        return sketch;
    }

    @Override
    public void start(List<String> names, List<Kind> kinds, boolean allMissingStringIsNumber) {
        if (names.size() != kinds.size()) {
            throw new IllegalArgumentException("one kind per column is needed");
        }
        this.allMissingStringIsNumber = allMissingStringIsNumber;
        for (int i = 0; i < names.size(); i++) {
            ColumnSketch column = new ColumnSketch(names.get(i), kinds.get(i), options);
            byIndex.add(column);
            columns.putIfAbsent(names.get(i), column);
        }
    }

    @Override
    public void numbers(int column, double[] values, int count) {
        byIndex.get(column).addNumbers(values, count);
    }

    @Override
    public void strings(int column, String[] values, int count) {
        byIndex.get(column).addStrings(values, count);
    }

    @Override
    public void booleans(int column, Boolean[] values, int count) {
        byIndex.get(column).addBooleans(values, count);
    }

    @Override
    public void others(int column, int count) {
        byIndex.get(column).addOthers(count);
    }

    @Override
    public void end(long rowCount) {
        this.rows = rowCount;
    }

    /** Returns the sketch settings. */
    public SketchOptions options() {
        return options;
    }

    /** Returns the number of rows streamed in. */
    public long rowCount() {
        return Math.max(rows, 0);
    }

    /** Returns the column names in order. */
    public List<String> columnNames() {
        return List.copyOf(columns.keySet());
    }

    Optional<ColumnSketch> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    boolean allMissingStringIsNumber() {
        return allMissingStringIsNumber;
    }
}
