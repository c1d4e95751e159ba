package io.capstan.store.sql;

import io.capstan.monitoring.spi.AlertStore;
import io.capstan.monitoring.spi.GroundTruthStore;
import io.capstan.monitoring.spi.MonitorStore;
import io.capstan.testkit.AlertStoreContract;
import io.capstan.testkit.GroundTruthStoreContract;
import io.capstan.testkit.MonitorStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;

/**
 * The monitoring contracts on the PostgreSQL named by system property {@code capstan.test.postgres.url};
 * skipped when it is not set. Every test starts from empty monitoring tables.
 */
class PostgresMonitoringStoresTest {
    static Database open() {
        String url = System.getProperty("capstan.test.postgres.url", "");
        Assumptions.assumeTrue(!url.isBlank() && !url.startsWith("${"),
                "no PostgreSQL: set CAPSTAN_TEST_POSTGRES_URL (./test-all does)");
        Database db = Database.open(url, DatabaseOptions.defaults());
        db.write(c -> Statements.update(c, "TRUNCATE monitors, monitor_windows, ground_truth, monitor_predictions, "
                + "alert_rules, alert_states, alert_events, alert_deliveries, retrain_requests"));
        return db;
    }

    @Nested
    class Monitors extends MonitorStoreContract {
        private Database db;

        @Override
        protected MonitorStore createStore(Path dir) {
            db = open();
            return new SqlMonitorStore(db);
        }

        @Override
        protected void closeStore() {
            if (db != null) {
                db.close();
            }
        }
    }

    @Nested
    class GroundTruth extends GroundTruthStoreContract {
        private Database db;

        @Override
        protected GroundTruthStore createStore(Path dir) {
            db = open();
            return new SqlGroundTruthStore(db);
        }

        @Override
        protected void closeStore() {
            if (db != null) {
                db.close();
            }
        }
    }

    @Nested
    class Alerts extends AlertStoreContract {
        private Database db;

        @Override
        protected AlertStore createStore(Path dir) {
            db = open();
            return new SqlAlertStore(db);
        }

        @Override
        protected void closeStore() {
            if (db != null) {
                db.close();
            }
        }
    }
}
