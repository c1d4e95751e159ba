package io.capstan.store.sql;

import io.capstan.testkit.TrackingStores;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;

/** Opens the databases the SQL contract tests run on. */
final class SqlTestDatabases {
    private SqlTestDatabases() {
    }

    static Database sqlite(Path dir) {
        return Database.open("sqlite:///" + dir.resolve("capstan.db"), DatabaseOptions.defaults());
    }

    /**
     * The test PostgreSQL database named by system property {@code capstan.test.postgres.url}
     * (set by ./test-all); skips the test when there is none.
     */
    static Database postgres() {
        String url = System.getProperty("capstan.test.postgres.url", "");
        Assumptions.assumeTrue(!url.isBlank() && !url.startsWith("${"),
                "no PostgreSQL: set CAPSTAN_TEST_POSTGRES_URL (./test-all does)");
        return Database.open(url, DatabaseOptions.defaults());
    }

    static TrackingStores tracking(Database db) {
        return new TrackingStores(new SqlExperimentStore(db, "mlflow-artifacts:/0", 1), new SqlRunStore(db),
                new SqlLoggedModelStore(db), db);
    }
}
