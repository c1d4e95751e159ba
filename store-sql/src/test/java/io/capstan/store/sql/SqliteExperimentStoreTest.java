package io.capstan.store.sql;

import io.capstan.testkit.ExperimentStoreContract;
import io.capstan.testkit.TrackingStores;

import java.nio.file.Path;

class SqliteExperimentStoreTest extends ExperimentStoreContract {
    @Override
    protected TrackingStores createStores(Path dir) {
        return SqlTestDatabases.tracking(SqlTestDatabases.sqlite(dir));
    }
}
