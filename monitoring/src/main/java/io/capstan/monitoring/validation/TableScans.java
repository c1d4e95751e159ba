package io.capstan.monitoring.validation;

import static java.util.Objects.requireNonNull;

import io.capstan.monitoring.spi.ColumnScans;
import io.capstan.monitoring.spi.TabularSource;

/**
 * The in-memory {@link ColumnScans}: reads the whole table through a {@link TabularSource} and measures
 * it in Java ({@link TableScan}). Thread-safe when the source is.
 */
public final class TableScans implements ColumnScans {
    private final TabularSource source;

    /** @param source reads the tables; not null */
    public TableScans(TabularSource source) {
        this.source = requireNonNull(source, "source is null");
    }

    @Override
    public ColumnScan open(String location) {
        return new TableScan(source.read(location));
    }
}
