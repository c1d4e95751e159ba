package io.capstan.store.sql;

import io.capstan.monitoring.spi.AlertStore;
import io.capstan.monitoring.spi.GroundTruthStore;
import io.capstan.monitoring.spi.MonitorStore;
import io.capstan.testkit.AlertStoreContract;
import io.capstan.testkit.GroundTruthStoreContract;
import io.capstan.testkit.MonitorStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** The monitoring contracts on SQLite. */
class SqliteMonitoringStoresTest {
    static Database open(Path dir) {
        return Database.open("sqlite:///" + dir.resolve("t.db"), DatabaseOptions.defaults());
    }

    @Nested
    class Monitors extends MonitorStoreContract {
        private Database db;

        @Override
        protected MonitorStore createStore(Path dir) {
            db = open(dir);
            return new SqlMonitorStore(db);
        }

        @Override
        protected void closeStore() {
            db.close();
        }
    }

    @Nested
    class GroundTruth extends GroundTruthStoreContract {
        private Database db;

        @Override
        protected GroundTruthStore createStore(Path dir) {
            db = open(dir);
            return new SqlGroundTruthStore(db);
        }

        @Override
        protected void closeStore() {
            db.close();
        }
    }

    @Nested
    class Alerts extends AlertStoreContract {
        private Database db;

        @Override
        protected AlertStore createStore(Path dir) {
            db = open(dir);
            return new SqlAlertStore(db);
        }

        @Override
        protected void closeStore() {
            db.close();
        }
    }
}
