package io.capstan.testkit;

import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.validation.ColumnScan;
import io.capstan.monitoring.validation.TableScan;
import java.nio.file.Path;

class TableScanTest extends ColumnScanContract {
    @Override
    protected ColumnScan open(Table table, Path dir) {
        return new TableScan(table);
    }
}
