package io.capstan.store.sql;

import io.capstan.serving.deploy.DeploymentStore;
import io.capstan.testkit.DeploymentStoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The deployment store contract on the PostgreSQL named by system property
 * {@code capstan.test.postgres.url}; skipped when it is not set. Every test starts from empty
 * deployment tables; {@link #reopen} opens a second connection pool, as a second replica would.
 */
class PostgresDeploymentStoreTest extends DeploymentStoreContract {
    private final List<Database> opened = new ArrayList<>();

    @Override
    protected DeploymentStore createStore(Path dir) {
        Database db = SqlTestDatabases.postgres();
        opened.add(db);
        db.write(c -> Statements.update(c, "TRUNCATE deployments, deployment_traffic"));
        return new SqlDeploymentStore(db);
    }

    @Override
    protected DeploymentStore reopen() {
        Database db = SqlTestDatabases.postgres();
        opened.add(db);
        return new SqlDeploymentStore(db);
    }

    @Override
    protected void closeStore() {
        opened.forEach(Database::close);
    }
}
