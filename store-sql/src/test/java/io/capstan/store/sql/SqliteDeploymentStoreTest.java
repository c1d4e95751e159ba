package io.capstan.store.sql;

import io.capstan.serving.deploy.DeploymentStore;
import io.capstan.testkit.DeploymentStoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The deployment store contract on a SQLite file; {@link #reopen} opens the file a second time, as a second server would. */
class SqliteDeploymentStoreTest extends DeploymentStoreContract {
    private final List<Database> opened = new ArrayList<>();
    private Path dir;

    @Override
    protected DeploymentStore createStore(Path dir) {
        this.dir = dir;
        return reopen();
    }

    @Override
    protected DeploymentStore reopen() {
        Database db = SqlTestDatabases.sqlite(dir);
        opened.add(db);
        return new SqlDeploymentStore(db);
    }

    @Override
    protected void closeStore() {
        opened.forEach(Database::close);
    }
}
