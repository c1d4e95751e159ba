package io.capstan.store.sql;

import io.capstan.registry.spi.RegistryStore;
import io.capstan.testkit.RegistryStoreContract;

import java.nio.file.Path;

class SqliteRegistryStoreTest extends RegistryStoreContract {
    private Database db;

    @Override
    protected RegistryStore createStore(Path dir) {
        db = Database.open("sqlite:///" + dir.resolve("t.db"), DatabaseOptions.defaults());
        return new SqlRegistryStore(db);
    }

    @Override
    protected void closeStore() {
        if (db != null) {
            db.close();
        }
    }
}
