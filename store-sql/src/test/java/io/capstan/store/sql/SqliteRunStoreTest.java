package io.capstan.store.sql;

import io.capstan.testkit.RunStoreContract;
import io.capstan.testkit.TrackingStores;

import java.nio.file.Path;

class SqliteRunStoreTest extends RunStoreContract {
    @Override
    protected TrackingStores createStores(Path dir) {
        return SqlTestDatabases.tracking(SqlTestDatabases.sqlite(dir));
    }
}
