package io.capstan.monitoring.table;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory table: named, typed columns of equal length in a fixed order. Immutable and
 * thread-safe. Build one from Java with {@link #of} or read one through a
 * {@link io.capstan.monitoring.spi.TabularSource}.
 */
public final class Table {
    private final List<TableColumn> columns;
    private final Map<String, TableColumn> byName;
    private final int rowCount;

    private Table(List<TableColumn> columns) {
        this.columns = List.copyOf(columns);
        this.byName = new LinkedHashMap<>();
        int rows = -1;
        for (TableColumn column : this.columns) {
            if (byName.put(column.name(), column) != null) {
                throw new IllegalArgumentException("duplicate column name '" + column.name() + "'");
            }
            if (rows >= 0 && column.size() != rows) {
                throw new IllegalArgumentException("column '" + column.name() + "' has " + column.size()
                        + " rows, the others " + rows);
            }
            rows = column.size();
        }
        this.rowCount = Math.max(rows, 0);
    }

    /**
     * Returns a table of these columns, in this order.
     *
     * @throws IllegalArgumentException if two columns share a name or their lengths differ
     */
    public static Table of(List<? extends TableColumn> columns) {
        requireNonNull(columns, "columns is null");
        return new Table(new ArrayList<>(columns));
    }

    /** Returns a table of these columns, in this order; see {@link #of(List)}. */
    public static Table of(TableColumn... columns) {
        return of(List.of(columns));
    }

    /** Returns the columns in order; unmodifiable. */
    public List<TableColumn> columns() {
        return columns;
    }

    /** Returns the column names in order. */
    public List<String> columnNames() {
        return columns.stream().map(TableColumn::name).toList();
    }

    /** Returns the column with this name, if there is one. */
    public Optional<TableColumn> column(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Returns this table with its string and boolean columns as counts of their values
     * ({@link CountedColumn}), the other columns as they are.
     */
    public Table countingCategories() {
        List<TableColumn> counted = new ArrayList<>(columns.size());
        for (TableColumn column : columns) {
            counted.add(column instanceof BoxedColumn<?> boxed ? CountedColumn.of(boxed) : column);
        }
        return new Table(counted);
    }

    /** Returns the number of rows. */
    public int rowCount() {
        return rowCount;
    }
}
