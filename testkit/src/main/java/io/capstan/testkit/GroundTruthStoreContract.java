package io.capstan.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.monitoring.monitor.GroundTruth;
import io.capstan.monitoring.monitor.ServedPrediction;
import io.capstan.monitoring.spi.GroundTruthStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link GroundTruthStore} must do. Subclass it once per implementation; each test gets a fresh store. */
public abstract class GroundTruthStoreContract {
    protected static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    private Path tempDir;

    /** The store under test. */
    protected GroundTruthStore store;

    /** A new, empty store. */
    protected abstract GroundTruthStore createStore(Path dir) throws Exception;

    /** Releases what {@link #createStore} opened. */
    protected void closeStore() throws Exception {
    }

    @BeforeEach
    final void openStore() throws Exception {
        store = createStore(tempDir);
    }

    @AfterEach
    final void close() throws Exception {
        closeStore();
    }

    @Test
    void keepsTheLastLabelsPostedForARequestPerDeployment() {
        store.put("iris", List.of(new GroundTruth("r1", List.of("1")), new GroundTruth("r2", List.of("0", "2", "x y"))),
                T0);
        store.put("iris", List.of(new GroundTruth("r1", List.of("2")), new GroundTruth("r1", List.of("0"))),
                T0.plusSeconds(1));
        store.put("other", List.of(new GroundTruth("r2", List.of("9"))), T0);

        assertThat(store.labels("iris", List.of("r1", "r2", "r3"))).containsOnly(Map.entry("r1", List.of("0")),
                Map.entry("r2", List.of("0", "2", "x y")));
        assertThat(store.labels("other", List.of("r1", "r2"))).containsOnly(Map.entry("r2", List.of("9")));
        assertThat(store.labels("iris", List.of())).isEmpty();
    }

    @Test
    void findsThousandsOfLabelsAtOnce() {
        List<GroundTruth> many = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2_345; i++) {
            many.add(new GroundTruth("req-" + i, List.of(Integer.toString(i % 3))));
            ids.add("req-" + i);
        }
        store.put("iris", many, T0);
        Map<String, List<String>> found = store.labels("iris", ids);
        assertThat(found).hasSize(2_345);
        assertThat(found.get("req-2344")).containsExactly("1");
    }

    @Test
    void keepsAWindowsPredictionsInOrder() {
        List<ServedPrediction> predictions = List.of(
                new ServedPrediction("r1", List.of("1"), new double[][] {{0.25, 0.75}}),
                new ServedPrediction("r2", List.of("0", "1"), new double[][] {{1.0, 0.0}, {Double.NaN, 1e-300}}),
                new ServedPrediction("r3", List.of("2.5"), null));
        store.savePredictions("m", T0, predictions);
        List<ServedPrediction> back = store.predictions("m", T0);
        assertThat(back).extracting(ServedPrediction::requestId).containsExactly("r1", "r2", "r3");
        assertThat(back.get(1).predictions()).containsExactly("0", "1");
        assertThat(back.get(1).scores()[1][0]).isNaN();
        assertThat(back.get(1).scores()[1][1]).isEqualTo(1e-300);
        assertThat(back.get(2).scores()).isNull();

        store.savePredictions("m", T0, List.of(new ServedPrediction("r9", List.of("1"), null)));
        assertThat(store.predictions("m", T0)).extracting(ServedPrediction::requestId).containsExactly("r9");
        assertThat(store.predictions("m", T0.plusSeconds(3600))).isEmpty();
    }

    @Test
    void findsTheWindowsWhoseRequestsGotLabelsSinceATime() {
        Instant w1 = T0;
        Instant w2 = T0.plusSeconds(3600);
        store.savePredictions("m", w1, List.of(new ServedPrediction("a", List.of("1"), null)));
        store.savePredictions("m", w2, List.of(new ServedPrediction("b", List.of("1"), null),
                new ServedPrediction("c", List.of("1"), null)));
        store.savePredictions("n", w1, List.of(new ServedPrediction("b", List.of("1"), null)));

        store.put("iris", List.of(new GroundTruth("a", List.of("1"))), T0.plusSeconds(10));
        store.put("iris", List.of(new GroundTruth("b", List.of("1")), new GroundTruth("c", List.of("0"))),
                T0.plusSeconds(20));
        store.put("other", List.of(new GroundTruth("a", List.of("1"))), T0.plusSeconds(30));

        assertThat(store.windowsLabelledSince("m", "iris", Instant.EPOCH)).containsExactly(w1, w2);
        assertThat(store.windowsLabelledSince("m", "iris", T0.plusSeconds(11))).containsExactly(w2);
        assertThat(store.windowsLabelledSince("m", "iris", T0.plusSeconds(21))).isEmpty();
        assertThat(store.windowsLabelledSince("n", "iris", Instant.EPOCH)).containsExactly(w1);

        store.deleteMonitor("m");
        assertThat(store.predictions("m", w2)).isEmpty();
        assertThat(store.windowsLabelledSince("m", "iris", Instant.EPOCH)).isEmpty();
        assertThat(store.predictions("n", w1)).hasSize(1);
    }
}
