package io.capstan.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.serving.deploy.DeploymentSpec;
import io.capstan.serving.deploy.DeploymentSpec.TrafficSplit;
import io.capstan.serving.deploy.DeploymentStore;
import io.capstan.serving.deploy.DeploymentStores;
import io.capstan.serving.deploy.FileDeploymentStore;
import io.capstan.serving.deploy.InMemoryDeploymentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON file of servers before the SQL store, and its one-time import. */
class FileDeploymentStoreTest extends DeploymentStoreContract {
    private Path file;

    @Override
    protected DeploymentStore createStore(Path dir) {
        file = dir.resolve("deployments.json");
        return new FileDeploymentStore(file);
    }

    @Override
    protected DeploymentStore reopen() {
        return new FileDeploymentStore(file);
    }

    private static DeploymentSpec spec(String name, String version) {
        return new DeploymentSpec(name, "m", List.of(new TrafficSplit(version, 100)), null, null, null, null);
    }

    @Test
    void importOnceMovesTheSpecsAndRenamesTheFile() {
        store.save(spec("a", "1"));
        store.save(spec("b", "2"));
        InMemoryDeploymentStore target = new InMemoryDeploymentStore();
        target.save(spec("b", "9")); // already in the new store: newer than the file, kept

        assertThat(DeploymentStores.importOnce(file, target)).isEqualTo(1);
        assertThat(target.load()).containsExactly(spec("a", "1"), spec("b", "9"));
        assertThat(file).doesNotExist();
        assertThat(file.resolveSibling("deployments.json.imported")).exists();
        // the next start finds nothing to import
        target.delete("a");
        assertThat(DeploymentStores.importOnce(file, target)).isZero();
        assertThat(target.load()).containsExactly(spec("b", "9"));
    }

    @Test
    void importWithoutAFileDoesNothing() throws Exception {
        InMemoryDeploymentStore target = new InMemoryDeploymentStore();
        assertThat(DeploymentStores.importOnce(file, target)).isZero();
        assertThat(target.load()).isEmpty();
        assertThat(Files.list(file.getParent())).isEmpty();
    }
}
