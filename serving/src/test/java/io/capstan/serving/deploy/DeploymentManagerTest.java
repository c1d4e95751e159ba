package io.capstan.serving.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import io.capstan.core.CapstanException;
import io.capstan.core.IdGenerator;
import io.capstan.serving.InferenceRecorder;
import io.capstan.serving.inferencelog.RequestStamps;
import io.capstan.serving.ModelEndpoints.Selection;
import io.capstan.serving.ModelLoader;
import io.capstan.serving.deploy.DeploymentSpec.RollbackPolicy;
import io.capstan.serving.deploy.DeploymentSpec.TrafficSplit;
import io.capstan.serving.onnx.OnnxSessionConfig;
import io.capstan.serving.spi.MapSequence;
import io.capstan.serving.spi.ModelOutput;
import io.capstan.serving.spi.ServingMetrics;
import io.capstan.serving.spi.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

class DeploymentManagerTest {
    private static final RequestStamps.RequestStamp STAMP = new RequestStamps.RequestStamp("r1", java.time.Instant.EPOCH);
    @TempDir
    Path dir;

    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    /** Shared by every manager a test starts, as replicas share one database. */
    private final DeploymentStore store = new InMemoryDeploymentStore();
    private ScheduledExecutorService scheduler;
    private DeploymentManager manager;

    /** Versions 1 and 2 of model "m": the same ONNX logistic regression in two MLflow model folders. */
    private final ModelVersions versions = new ModelVersions() {
        @Override
        public Path directory(String model, String version) {
            Path folder = dir.resolve(model + "-" + version);
            if (!Files.isDirectory(folder)) {
                throw CapstanException.notFound("Model %s version %s does not exist", model, version);
            }
            return folder;
        }

        @Override
        public String aliasVersion(String model, String alias) {
            String version = aliases.get(alias);
            if (version == null) {
                throw CapstanException.notFound("No alias %s", alias);
            }
            return version;
        }
    };

    @BeforeEach
    void models() throws Exception {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("s", factory), factory);
        Random random = new Random(3);
        for (int i = 0; i < 100; i++) {
            double a = random.nextGaussian();
            data.add(new ArrayExample<>(new Label(a > 0 ? "pos" : "neg"), new String[] {"a", "b"},
                    new double[] {a, random.nextGaussian()}));
        }
        Model<Label> model = new LogisticRegressionTrainer().train(data);
        for (String version : List.of("1", "2")) {
            Path folder = Files.createDirectories(dir.resolve("m-" + version));
            ((ONNXExportable) model).saveONNXModel("io.capstan.test", 1, folder.resolve("model.onnx"));
            Files.writeString(folder.resolve("MLmodel"), "flavors:\n  onnx:\n    data: model.onnx\n");
        }
        scheduler = Executors.newScheduledThreadPool(1);
        manager = newManager();
    }

    /** What the manager and its loaded versions reported, one line per call: "kind deployment model version". */
    private final List<String> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ServingMetrics metrics = new ServingMetrics() {
        @Override
        public void execution(String deployment, String model, String version, int rows, long nanos, boolean ok) {
            reported.add("execution " + deployment + " " + model + " " + version);
        }

        @Override
        public void request(String deployment, String model, String version, String protocol, int status,
                long nanos) {
            reported.add("request " + deployment + " " + model + " " + version + " " + protocol + " " + status);
        }

        @Override
        public void pending(String deployment, String model, String version, int delta) {
        }
    };

    private DeploymentManager newManager() {
        ModelLoader loader = new ModelLoader(OrtEnvironment::getEnvironment, OnnxSessionConfig.forProcessors(2),
                metrics, Optional.empty(), Thread.ofPlatform().daemon().factory());
        DeploymentManager m = new DeploymentManager(loader, versions, store,
                scheduler, Executors.newSingleThreadExecutor(), Clock.systemUTC(), Duration.ofMillis(100),
                Duration.ofMillis(50), new InferenceRecorder(Optional.empty(),
                        new RequestStamps(IdGenerator.secure(), Clock.systemUTC())), metrics);
        m.start();
        return m;
    }

    private final List<DeploymentManager> replicas = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        manager.close();
        replicas.forEach(DeploymentManager::close);
        scheduler.shutdownNow();
    }

    private void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && !condition.getAsBoolean()) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private static boolean serves(DeploymentManager m, String name, String version) {
        try {
            return m.select(name, null, h -> null).model().version().equals(version);
        } catch (CapstanException e) {
            return false;
        }
    }

    @Test
    void aSecondReplicaOnTheSameStoreFollowsEveryChange() throws Exception {
        DeploymentManager other = newManager();
        replicas.add(other);
        manager.apply(weighted("d", 100, 0, null));
        await("the other replica serves the new deployment", () -> serves(other, "d", "1"));
        assertThat(other.status("d").events()).extracting(DeploymentEvent::type).containsExactly("created");

        other.apply(weighted("d", 0, 100, null));
        await("this replica follows the change made through the other", () -> serves(manager, "d", "2"));
        assertThat(manager.status("d").spec()).isEqualTo(weighted("d", 0, 100, null));
        assertThat(manager.status("d").events()).extracting(DeploymentEvent::type).containsExactly("created",
                "updated");

        manager.delete("d");
        await("the other replica stops serving it", () -> other.list().isEmpty());
        assertThatThrownBy(() -> other.select("d", null, h -> null)).hasMessageContaining("unknown model");
    }

    @Test
    void aStoredSpecThatCannotLoadKeepsThePreviousOneServing() throws Exception {
        manager.apply(weighted("d", 100, 0, null));
        // written by a replica that could load version 9 (this one cannot)
        store.save(new DeploymentSpec("d", "m", List.of(new TrafficSplit("9", 100)), null, null, null, null));
        await("the failure is an event", () -> manager.status("d").events().stream()
                .anyMatch(e -> e.type().equals("failed")));
        assertThat(serves(manager, "d", "1")).isTrue();
        Thread.sleep(500); // several polls: the same broken spec is not tried again before the retry time
        assertThat(manager.status("d").events()).extracting(DeploymentEvent::type).containsExactly("created", "failed");
        store.save(weighted("d", 0, 100, null)); // a loadable spec is adopted at once
        await("the next stored spec is served", () -> serves(manager, "d", "2"));
    }

    private static DeploymentSpec weighted(String name, int v1, int v2, RollbackPolicy rollback) {
        return new DeploymentSpec(name, "m", List.of(new TrafficSplit("1", v1), new TrafficSplit("2", v2)), null, null,
                null, rollback);
    }

    @Test
    void weightsSplitTheTraffic() {
        manager.apply(weighted("d", 80, 20, null));
        int second = 0;
        for (int i = 0; i < 2000; i++) {
            if (manager.select("d", null, h -> null).model().version().equals("2")) {
                second++;
            }
        }
        assertThat(second).isBetween(320, 480);
        assertThat(manager.select("d", "1", h -> null).model().version()).isEqualTo("1");
        assertThatThrownBy(() -> manager.select("d", "9", h -> null)).hasMessageContaining("version 9 is not found");
        assertThatThrownBy(() -> manager.select("nope", null, h -> null)).hasMessageContaining("unknown model");
    }

    @Test
    void aShadowsCopiesAreMeteredUnderItsOwnDeploymentLabel() throws Exception {
        manager.apply(new DeploymentSpec("d", "m", List.of(new TrafficSplit("1", 100)), null, "1", null, null));
        Selection s = manager.select("d", null, h -> null);
        assertThat(s.model().deployment()).isEqualTo("d");
        String input = s.model().runtime().metadata().inputs().get(0).name();
        Map<String, Tensor> inputs = Map.of(input, Tensor.ofFloats(input, new long[] {1, 2}, 0.5f, -1f));
        Map<String, Tensor> outputs = s.model().runtime().infer(inputs, List.of());
        s.completion().completed(STAMP, true, 1_000, inputs, outputs);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && reported.stream().noneMatch(r -> r.startsWith("request"))) {
            Thread.sleep(10);
        }
        // the same version as primary and as shadow: two loaded models, two series
        assertThat(reported).containsExactly("execution d m 1", "execution d/shadow m 1",
                "request d/shadow m 1 shadow 200");
    }

    @Test
    void aStickyHeaderPinsACaller() {
        manager.apply(new DeploymentSpec("d", "m", List.of(new TrafficSplit("1", 50), new TrafficSplit("2", 50)), null,
                null, "X-User", null));
        for (int user = 0; user < 20; user++) {
            String key = "user-" + user;
            String first = manager.select("d", null, h -> h.equals("X-User") ? key : null).model().version();
            for (int i = 0; i < 10; i++) {
                assertThat(manager.select("d", null, h -> h.equals("X-User") ? key : null).model().version())
                        .isEqualTo(first);
            }
        }
    }

    @Test
    void followsItsAliasAndKeepsServingWhenTheNewVersionCannotLoad() throws Exception {
        aliases.put("champion", "1");
        manager.apply(new DeploymentSpec("d", "m", List.of(), "champion", null, null, null));
        assertThat(manager.select("d", null, h -> null).model().version()).isEqualTo("1");
        aliases.put("champion", "2");
        awaitVersion("2");
        aliases.put("champion", "7"); // no such version: v2 keeps serving, and the failure is an event
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline
                && manager.status("d").events().stream().noneMatch(e -> e.type().equals("failed"))) {
            Thread.sleep(50);
        }
        assertThat(manager.status("d").events()).extracting(DeploymentEvent::type).contains("rolled_out", "failed");
        assertThat(manager.select("d", null, h -> null).model().version()).isEqualTo("2");
    }

    private void awaitVersion(String version) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && !manager.select("d", null, h -> null).model().version().equals(version)) {
            Thread.sleep(20);
        }
        assertThat(manager.select("d", null, h -> null).model().version()).isEqualTo(version);
    }

    @Test
    void aCanaryOverItsLimitsIsRolledBackAndTheRollbackIsStored() throws Exception {
        RollbackPolicy policy = new RollbackPolicy(0.5, Duration.ofMillis(5), Duration.ofMillis(100), 2, 3);
        manager.apply(weighted("d", 50, 50, policy));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && manager.status("d").weights().get(1).weight() != 0) {
            for (int i = 0; i < 20; i++) {
                Selection s = manager.select("d", null, h -> null);
                // the canary answers in 20 ms, over its 5 ms p99; the baseline in 1 ms
                s.completion().completed(STAMP, true, s.model().version().equals("2") ? 20_000_000 : 1_000_000, Map.of(),
                        Map.of());
            }
            Thread.sleep(30);
        }
        assertThat(manager.status("d").weights()).containsExactly(new TrafficSplit("1", 100), new TrafficSplit("2", 0));
        assertThat(manager.status("d").events().getLast().type()).isEqualTo("rolled_back");
        manager.close();
        manager = newManager(); // a restart reads the stored, rolled-back weights
        assertThat(manager.status("d").spec().traffic()).containsExactly(new TrafficSplit("1", 100),
                new TrafficSplit("2", 0));
        assertThat(manager.select("d", null, h -> null).model().version()).isEqualTo("1");
    }

    @Test
    void aBaselineOverItsLimitsIsNotRolledBack() throws Exception {
        RollbackPolicy policy = new RollbackPolicy(0.5, Duration.ofMillis(5), Duration.ofMillis(100), 1, 1);
        manager.apply(weighted("d", 50, 50, policy));
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 20; i++) {
                Selection s = manager.select("d", null, h -> null);
                s.completion().completed(STAMP, s.model().version().equals("2"), 1_000_000, Map.of(), Map.of());
            }
            Thread.sleep(120);
        }
        // v2 has no errors and fast answers; v1 fails every request, but it is the baseline
        assertThat(manager.status("d").weights()).containsExactly(new TrafficSplit("1", 50), new TrafficSplit("2", 50));
        assertThat(manager.status("d").windows()).anySatisfy(w -> assertThat(w.errorRate()).isEqualTo(1.0));
    }

    @Test
    void deletingStopsServingAndForgets() {
        manager.apply(weighted("d", 100, 0, null));
        manager.delete("d");
        assertThatThrownBy(() -> manager.select("d", null, h -> null)).hasMessageContaining("unknown model");
        assertThatThrownBy(() -> manager.delete("d")).hasMessageContaining("does not exist");
        assertThat(store.load()).isEmpty();
    }

    @Test
    void unknownVersionsAreRefusedAndNothingChanges() {
        manager.apply(weighted("d", 100, 0, null));
        assertThatThrownBy(() -> manager.apply(new DeploymentSpec("d", "m", List.of(new TrafficSplit("9", 100)), null,
                null, null, null))).hasMessageContaining("version 9 does not exist");
        assertThat(manager.select("d", null, h -> null).model().version()).isEqualTo("1");
    }

    @Test
    void outputsDisagreeBeyondOneMillionth() {
        Map<String, ModelOutput> a = Map.of("p", Tensor.ofFloats("p", new long[] {2}, 0.5f, 0.25f));
        assertThat(DeploymentManager.disagree(a, Map.of("p", Tensor.ofFloats("p", new long[] {2}, 0.5f, 0.25f))))
                .isFalse();
        assertThat(DeploymentManager.disagree(a, Map.of("p", Tensor.ofFloats("p", new long[] {2}, 0.5f, 0.2501f))))
                .isTrue();
        assertThat(DeploymentManager.disagree(a, Map.of())).isTrue();
        Map<String, ModelOutput> m = Map.of("z", new MapSequence("z", List.of(Map.of("0", 0.1))));
        assertThat(DeploymentManager.disagree(m, Map.of("z", new MapSequence("z", List.of(Map.of("0", 0.1))))))
                .isFalse();
        assertThat(DeploymentManager.disagree(m, Map.of("z", new MapSequence("z", List.of(Map.of("1", 0.1))))))
                .isTrue();
    }

    @Test
    void specsCheckThemselves() {
        assertThatThrownBy(() -> weighted("d", 50, 40, null)).hasMessageContaining("sum to 90");
        assertThatThrownBy(() -> new DeploymentSpec("d", "m", List.of(new TrafficSplit("1", 100)), "champion", null,
                null, null)).hasMessageContaining("not both");
        assertThatThrownBy(() -> new DeploymentSpec("../d", "m", List.of(), "a", null, null, null))
                .hasMessageContaining("must be 1-128");
        assertThat(DeploymentJson.spec(DeploymentJson.json(weighted("d", 60, 40,
                new RollbackPolicy(0.1, Duration.ofMillis(50), Duration.ofSeconds(10), 3, 20)))))
                .isEqualTo(weighted("d", 60, 40, new RollbackPolicy(0.1, Duration.ofMillis(50), Duration.ofSeconds(10),
                        3, 20)));
    }
}
