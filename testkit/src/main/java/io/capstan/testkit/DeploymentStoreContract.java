package io.capstan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.serving.deploy.DeploymentSpec;
import io.capstan.serving.deploy.DeploymentSpec.RollbackPolicy;
import io.capstan.serving.deploy.DeploymentSpec.TrafficSplit;
import io.capstan.serving.deploy.DeploymentStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link DeploymentStore} implementation must show. Subclass it once per
 * implementation and implement {@link #createStore} and {@link #reopen}; each test gets a fresh,
 * empty store.
 */
public abstract class DeploymentStoreContract {
    @TempDir
    private Path tempDir;

    /** The store under test. */
    protected DeploymentStore store;

    /**
     * A new, empty store: no deployments at all. Called before every test.
     *
     * @param dir a fresh temporary folder the store may keep files in
     */
    protected abstract DeploymentStore createStore(Path dir) throws Exception;

    /**
     * Another store over the same data as {@link #store}, as a restarted server or a second replica
     * opens it (the in-memory store: the same instance). Closed by {@link #closeStore}.
     */
    protected abstract DeploymentStore reopen() throws Exception;

    /** Releases what {@link #createStore} and {@link #reopen} opened; called after every test. */
    protected void closeStore() throws Exception {
    }

    @BeforeEach
    final void openStore() throws Exception {
        store = createStore(tempDir);
    }

    @AfterEach
    final void releaseStore() throws Exception {
        closeStore();
    }

    private static DeploymentSpec weighted(String name, String... versionWeightPairs) {
        List<TrafficSplit> traffic = new ArrayList<>();
        for (int i = 0; i < versionWeightPairs.length; i += 2) {
            traffic.add(new TrafficSplit(versionWeightPairs[i], Integer.parseInt(versionWeightPairs[i + 1])));
        }
        return new DeploymentSpec(name, "model-" + name, traffic, null, null, null, null);
    }

    /** Every field set, with durations that do not survive a careless float round trip. */
    private static DeploymentSpec everything(String name) {
        return new DeploymentSpec(name, "fraud model/v2", List.of(new TrafficSplit("12", 85),
                new TrafficSplit("3", 0), new TrafficSplit("14", 15)), null, "15", "X-User-Id",
                new RollbackPolicy(0.05, Duration.ofNanos(300_001), Duration.ofMillis(1_500), 3, 20));
    }

    @Test
    void anEmptyStoreHoldsNothing() {
        assertThat(store.load()).isEmpty();
        store.delete("absent");
        assertThat(store.load()).isEmpty();
    }

    @Test
    void aSpecReadsBackEqualWithEveryField() {
        store.save(everything("fraud"));
        assertThat(store.load()).containsExactly(everything("fraud"));
    }

    @Test
    void aSpecFollowingAnAliasReadsBackWithoutTraffic() {
        DeploymentSpec alias = new DeploymentSpec("iris", "iris", List.of(), "champion", null, null, null);
        store.save(alias);
        assertThat(store.load()).containsExactly(alias);
    }

    @Test
    void specsAreListedInNameOrder() {
        for (String name : List.of("b", "a.2", "C", "a-1", "a_3")) {
            store.save(weighted(name, "1", "100"));
        }
        assertThat(store.load()).extracting(DeploymentSpec::name).containsExactly("C", "a-1", "a.2", "a_3", "b");
    }

    @Test
    void savingAgainReplacesTheWholeSpec() {
        store.save(everything("d"));
        DeploymentSpec smaller = weighted("d", "7", "100");
        store.save(smaller);
        assertThat(store.load()).containsExactly(smaller);
        // and back to more traffic entries than before, in their order
        DeploymentSpec larger = weighted("d", "9", "40", "8", "30", "7", "30");
        store.save(larger);
        assertThat(store.load()).containsExactly(larger);
    }

    @Test
    void deleteRemovesOneSpec() {
        store.save(weighted("a", "1", "100"));
        store.save(everything("b"));
        store.delete("a");
        assertThat(store.load()).containsExactly(everything("b"));
        store.delete("a");
        assertThat(store.load()).containsExactly(everything("b"));
    }

    @Test
    void replaceWritesOnlyOverTheSpecTheCallerSaw() {
        DeploymentSpec seen = weighted("d", "1", "50", "2", "50");
        DeploymentSpec rolledBack = weighted("d", "1", "100", "2", "0");
        store.save(seen);
        assertThat(store.replace(seen, rolledBack)).isTrue();
        assertThat(store.load()).containsExactly(rolledBack);

        // someone changed it meanwhile: the stale replace changes nothing
        DeploymentSpec newer = weighted("d", "3", "100");
        store.save(newer);
        assertThat(store.replace(seen, rolledBack)).isFalse();
        assertThat(store.load()).containsExactly(newer);

        // deleted meanwhile: not brought back
        store.delete("d");
        assertThat(store.replace(newer, rolledBack)).isFalse();
        assertThat(store.load()).isEmpty();
    }

    @Test
    void replaceComparesEveryField() {
        store.save(everything("d"));
        DeploymentSpec e = everything("d");
        DeploymentSpec otherP99 = new DeploymentSpec("d", e.model(), e.traffic(), null, e.shadowVersion(),
                e.stickyHeader(), new RollbackPolicy(0.05, Duration.ofNanos(300_000), Duration.ofMillis(1_500), 3, 20));
        assertThat(store.replace(otherP99, weighted("d", "1", "100"))).isFalse();
        DeploymentSpec noShadow = new DeploymentSpec("d", e.model(), e.traffic(), null, null, e.stickyHeader(),
                e.rollback());
        assertThat(store.replace(noShadow, weighted("d", "1", "100"))).isFalse();
        assertThat(store.load()).containsExactly(everything("d"));
        assertThat(store.replace(everything("d"), weighted("d", "1", "100"))).isTrue();
    }

    @Test
    void replaceRefusesToRenameADeployment() {
        store.save(weighted("a", "1", "100"));
        assertThatThrownBy(() -> store.replace(weighted("a", "1", "100"), weighted("b", "1", "100")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.load()).containsExactly(weighted("a", "1", "100"));
    }

    @Test
    void anotherStoreOverTheSameDataSeesEveryChange() throws Exception {
        store.save(everything("a"));
        store.save(weighted("b", "1", "100"));
        DeploymentStore other = reopen();
        assertThat(other.load()).containsExactly(everything("a"), weighted("b", "1", "100"));
        other.delete("a");
        other.save(weighted("c", "2", "100"));
        assertThat(store.load()).containsExactly(weighted("b", "1", "100"), weighted("c", "2", "100"));
        assertThat(other.replace(weighted("b", "1", "100"), weighted("b", "5", "100"))).isTrue();
        assertThat(store.load()).first().isEqualTo(weighted("b", "5", "100"));
    }

    @Test
    void concurrentSavesOfDifferentDeploymentsAreAllKept() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> saves = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String name = String.format("d%02d", i);
                saves.add(pool.submit(() -> store.save(weighted(name, "1", "60", "2", "40"))));
            }
            for (Future<?> save : saves) {
                save.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.load()).hasSize(40).allSatisfy(spec -> assertThat(spec.traffic()).hasSize(2));
    }

    @Test
    void concurrentReplacesOfOneSpecLetExactlyOneWin() throws Exception {
        DeploymentSpec seen = weighted("d", "1", "50", "2", "50");
        store.save(seen);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> replaces = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                DeploymentSpec next = weighted("d", "1", Integer.toString(90 - i), "2", Integer.toString(10 + i));
                replaces.add(pool.submit(() -> store.replace(seen, next)));
            }
            int won = 0;
            for (Future<Boolean> replace : replaces) {
                won += replace.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.load()).hasSize(1).first().isNotEqualTo(seen);
    }
}
