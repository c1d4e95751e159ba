package io.capstan.store.duckdb;

import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.validation.ColumnScan;
import io.capstan.testkit.ColumnScanContract;
import java.nio.file.Path;

class DuckDbParquetColumnScansTest extends ColumnScanContract {
    @Override
    protected ColumnScan open(Table table, Path dir) throws Exception {
        return new DuckDbColumnScans(2).open(TableFiles.parquet(table, dir.resolve("table.parquet")).toString());
    }
}
