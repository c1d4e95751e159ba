package io.capstan.store.sql;

import io.capstan.testkit.LoggedModelStoreContract;
import io.capstan.testkit.TrackingStores;

import java.nio.file.Path;

class SqliteLoggedModelStoreTest extends LoggedModelStoreContract {
    @Override
    protected TrackingStores createStores(Path dir) {
        return SqlTestDatabases.tracking(SqlTestDatabases.sqlite(dir));
    }
}
