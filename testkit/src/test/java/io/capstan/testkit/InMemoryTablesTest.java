package io.capstan.testkit;

import io.capstan.monitoring.table.BooleanColumn;
import io.capstan.monitoring.table.InMemoryTables;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;

import io.capstan.monitoring.spi.TabularSource;
import java.nio.file.Path;

class InMemoryTablesTest extends TabularSourceContract {
    private final InMemoryTables tables = new InMemoryTables();

    @Override
    protected TabularSource source() {
        return tables;
    }

    @Override
    protected String store(Path dir) {
        tables.put("fixture", Table.of(
                NumberColumn.ofLongs("id", 1, 2, 3, 4),
                NumberColumn.ofDoubles("price", 9.5, Double.NaN, 7.25, 1000),
                StringColumn.of("city", "Paris", "Lyon", null, "Paris"),
                BooleanColumn.of("active", true, false, true, false),
                NumberColumn.ofDoubles("level", 3, Double.NaN, 1, 2),
                NumberColumn.ofDoubles("empty", Double.NaN, Double.NaN, Double.NaN, Double.NaN)));
        return "fixture";
    }

    @Override
    protected String missingLocation(Path dir) {
        return "nothing";
    }
}
