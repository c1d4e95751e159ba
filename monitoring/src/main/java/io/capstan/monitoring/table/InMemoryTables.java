package io.capstan.monitoring.table;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.spi.TabularSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The in-memory {@link TabularSource}: tables built from Java, registered under a name. Thread-safe. */
public final class InMemoryTables implements TabularSource {
    private final ConcurrentMap<String, Table> tables = new ConcurrentHashMap<>();

    /** Registers (or replaces) the table under {@code name}; both not null. */
    public void put(String name, Table table) {
        tables.put(requireNonNull(name, "name is null"), requireNonNull(table, "table is null"));
    }

    /** Forgets the table under {@code name}, if any. */
    public void remove(String name) {
        tables.remove(requireNonNull(name, "name is null"));
    }

    @Override
    public Table read(String location) {
        requireNonNull(location, "location is null");
        Table table = tables.get(location);
        if (table == null) {
            throw new CapstanException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "No table named '%s'", location);
        }
        return table;
    }
}
