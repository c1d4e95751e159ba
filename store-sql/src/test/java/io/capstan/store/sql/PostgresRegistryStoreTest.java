package io.capstan.store.sql;

import io.capstan.registry.spi.RegistryStore;
import io.capstan.testkit.RegistryStoreContract;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;

/**
 * The registry contract on the PostgreSQL named by system property
 * {@code capstan.test.postgres.url}; skipped when it is not set. Every test starts from empty
 * registry tables (other suites' tables are left alone).
 */
class PostgresRegistryStoreTest extends RegistryStoreContract {
    private Database db;

    @Override
    protected RegistryStore createStore(Path dir) {
        String url = System.getProperty("capstan.test.postgres.url", "");
        Assumptions.assumeTrue(!url.isBlank() && !url.startsWith("${"),
                "no PostgreSQL: set CAPSTAN_TEST_POSTGRES_URL (./test-all does)");
        db = Database.open(url, DatabaseOptions.defaults());
        db.write(c -> Statements.update(c, "TRUNCATE registered_models, registered_model_tags, model_versions, "
                + "model_version_tags, registered_model_aliases"));
        return new SqlRegistryStore(db);
    }

    @Override
    protected void closeStore() {
        if (db != null) {
            db.close();
        }
    }
}
