package io.capstan.testkit;

import io.capstan.serving.deploy.DeploymentStore;
import io.capstan.serving.deploy.InMemoryDeploymentStore;
import java.nio.file.Path;

class InMemoryDeploymentStoreTest extends DeploymentStoreContract {
    private InMemoryDeploymentStore memory;

    @Override
    protected DeploymentStore createStore(Path dir) {
        memory = new InMemoryDeploymentStore();
        return memory;
    }

    @Override
    protected DeploymentStore reopen() {
        return memory;
    }
}
