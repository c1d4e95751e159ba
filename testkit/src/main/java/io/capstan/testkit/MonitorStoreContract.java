package io.capstan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.monitoring.drift.DriftOptions;
import io.capstan.monitoring.drift.StatTest;
import io.capstan.monitoring.monitor.MonitorJson;
import io.capstan.monitoring.monitor.MonitorSource;
import io.capstan.monitoring.monitor.MonitorSpec;
import io.capstan.monitoring.monitor.Quality;
import io.capstan.monitoring.monitor.QualitySpec;
import io.capstan.monitoring.monitor.StoredMonitor;
import io.capstan.monitoring.monitor.WindowReport;
import io.capstan.monitoring.monitor.WindowResult;
import io.capstan.monitoring.monitor.WindowStatus;
import io.capstan.monitoring.spi.MonitorStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link MonitorStore} must do. Subclass it once per implementation; each test gets a
 * fresh, empty store.
 */
public abstract class MonitorStoreContract {
    protected static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    protected static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    private Path tempDir;

    /** The store under test. */
    protected MonitorStore store;

    /** A new, empty store. */
    protected abstract MonitorStore createStore(Path dir) throws Exception;

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

    /** A spec using most fields, so that a round trip shows they are all kept. */
    protected static MonitorSpec spec(String name) {
        DriftOptions drift = DriftOptions.defaults().withDriftShare(0.3)
                .withStattests(null, StatTest.fromId("wasserstein"), null, Map.of("b", StatTest.fromId("psi")))
                .withThresholds(null, 0.2, null, Map.of("b", 0.15));
        return new MonitorSpec(name, new MonitorSource.Deployment("iris"), "runs:/abc/ref.parquet", List.of("a", "b"),
                List.of("a"), HOUR, Duration.ofSeconds(45), 20, drift, new QualitySpec(QualitySpec.Task.CLASSIFICATION,
                        "label", "probabilities", null, "1", List.of("0", "1")), T0);
    }

    protected static WindowResult window(String monitor, Instant start, double share) {
        return new WindowResult(monitor, start, start.plus(HOUR), WindowStatus.OK, "a note", 120, 500, share >= 0.5,
                share, 2, share >= 0.5 ? 1 : 0, List.of(new WindowResult.ColumnScore("a", "num", "ks", 0.001, 0.05, true),
                        new WindowResult.ColumnScore("b", "cat", "psi", Double.POSITIVE_INFINITY, 0.1, true)),
                new Quality(40, Map.of("accuracy", 0.9, "f1", 0.8)), start.plus(HOUR).plusSeconds(31));
    }

    @Test
    void keepsSpecsAndTheirCreationTime() {
        StoredMonitor first = store.put(spec("m"), T0);
        assertThat(MonitorJson.json(first.spec())).isEqualTo(MonitorJson.json(spec("m")));
        assertThat(first.createdAt()).isEqualTo(T0);

        MonitorSpec dataset = new MonitorSpec("m", new MonitorSource.Dataset("/data/*.parquet", "ts"), "/ref.csv",
                List.of(), List.of(), Duration.ofMinutes(5), Duration.ZERO, 1, DriftOptions.defaults(), null, T0);
        StoredMonitor replaced = store.put(dataset, T0.plusSeconds(60));
        assertThat(replaced.createdAt()).isEqualTo(T0);
        assertThat(replaced.updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(MonitorJson.json(store.get("m").orElseThrow().spec())).isEqualTo(MonitorJson.json(dataset));

        store.put(spec("a"), T0);
        assertThat(store.list()).extracting(m -> m.spec().name()).containsExactly("a", "m");
        assertThat(store.get("zz")).isEmpty();
    }

    @Test
    void aWindowIsClaimedByOneOwnerUntilItsLeaseEnds() {
        store.put(spec("m"), T0);
        assertThat(store.claim("m", T0, "a", T0, Duration.ofMinutes(5))).isTrue();
        assertThat(store.claim("m", T0, "b", T0.plusSeconds(299), Duration.ofMinutes(5))).isFalse();
        assertThat(store.claim("m", T0.plus(HOUR), "b", T0, Duration.ofMinutes(5))).isTrue();
        assertThat(store.claim("m", T0, "b", T0.plusSeconds(300), Duration.ofMinutes(5))).isTrue();
        assertThat(store.claim("nope", T0, "a", T0, Duration.ofMinutes(5))).isFalse();
        assertThat(store.storedStarts("m", Instant.EPOCH, Instant.MAX)).isEmpty();
        assertThat(store.windows("m", Instant.EPOCH, Instant.MAX, 10, null).items()).isEmpty();
    }

    @Test
    void aReleasedClaimCanBeTakenAgainButAStoredWindowCannot() {
        store.put(spec("m"), T0);
        assertThat(store.claim("m", T0, "a", T0, Duration.ofMinutes(5))).isTrue();
        store.release("m", T0, "b");
        assertThat(store.claim("m", T0, "b", T0, Duration.ofMinutes(5))).isFalse();
        store.release("m", T0, "a");
        assertThat(store.claim("m", T0, "b", T0, Duration.ofMinutes(5))).isTrue();
        store.save(window("m", T0, 0.1), WindowReport.none());
        assertThat(store.claim("m", T0, "c", T0.plus(HOUR), Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void keepsWindowsWithTheirReports() {
        store.put(spec("m"), T0);
        WindowResult w = window("m", T0, 0.5);
        String json = "{\"dataset_drift\": true, \"columns\": [" + "{\"column\": \"a\"},".repeat(500) + "{}]}";
        String html = "<!doctype html><html>" + "<p>drift</p>".repeat(10_000) + "</html>";
        store.save(w, new WindowReport(json, html));

        WindowResult back = store.window("m", T0).orElseThrow();
        assertThat(MonitorJson.summary(back)).isEqualTo(MonitorJson.summary(w));
        assertThat(back.columns().get(1).score()).isInfinite();
        WindowReport report = store.report("m", T0).orElseThrow();
        assertThat(report.driftJson()).isEqualTo(json);
        assertThat(report.html()).isEqualTo(html);

        WindowResult failed = new WindowResult("m", T0, T0.plus(HOUR), WindowStatus.ERROR, "reference gone", 0, 0, null,
                null, 0, 0, List.of(), null, T0.plus(HOUR));
        store.save(failed, WindowReport.none());
        assertThat(MonitorJson.summary(store.window("m", T0).orElseThrow())).isEqualTo(MonitorJson.summary(failed));
        assertThat(store.report("m", T0).orElseThrow().present()).isFalse();
        assertThat(store.window("m", T0.plus(HOUR))).isEmpty();
    }

    @Test
    void aWindowOfADeletedMonitorIsNotStored() {
        store.save(window("gone", T0, 0.1), WindowReport.none());
        assertThat(store.window("gone", T0)).isEmpty();
    }

    @Test
    void listsWindowsNewestFirstInPagesAndOldestFirstAfterACursor() {
        store.put(spec("m"), T0);
        store.put(spec("other"), T0);
        for (int i = 0; i < 7; i++) {
            store.save(window("m", T0.plus(HOUR.multipliedBy(i)), i / 10.0), WindowReport.none());
        }
        store.save(window("other", T0, 0.9), WindowReport.none());

        Page<WindowResult> first = store.windows("m", Instant.EPOCH, Instant.MAX, 3, null);
        assertThat(first.items()).extracting(WindowResult::start)
                .containsExactly(T0.plus(HOUR.multipliedBy(6)), T0.plus(HOUR.multipliedBy(5)), T0.plus(HOUR.multipliedBy(4)));
        List<Instant> all = new ArrayList<>();
        String token = null;
        do {
            Page<WindowResult> page = store.windows("m", Instant.EPOCH, Instant.MAX, 3, token);
            page.items().forEach(w -> all.add(w.start()));
            token = page.nextPageToken();
        } while (token != null);
        assertThat(all).hasSize(7).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        assertThat(store.windows("m", T0.plus(HOUR), T0.plus(HOUR.multipliedBy(3)), 10, null).items())
                .extracting(WindowResult::start).containsExactly(T0.plus(HOUR.multipliedBy(2)), T0.plus(HOUR));
        assertThat(store.windowsAfter("m", T0.plus(HOUR), 2)).extracting(WindowResult::start)
                .containsExactly(T0.plus(HOUR.multipliedBy(2)), T0.plus(HOUR.multipliedBy(3)));
        assertThat(store.storedStarts("m", T0.plus(HOUR.multipliedBy(5)), Instant.MAX))
                .containsExactly(T0.plus(HOUR.multipliedBy(5)), T0.plus(HOUR.multipliedBy(6)));
        assertThatThrownBy(() -> store.windows("m", Instant.EPOCH, Instant.MAX, 3, "not a token"))
                .isInstanceOf(CapstanException.class);
    }

    @Test
    void replacesAWindowsQuality() {
        store.put(spec("m"), T0);
        store.save(window("m", T0, 0.1), WindowReport.none());
        store.updateQuality("m", T0, new Quality(90, Map.of("accuracy", 0.5)));
        Quality q = store.window("m", T0).orElseThrow().quality();
        assertThat(q.labelledRows()).isEqualTo(90);
        assertThat(q.metrics()).containsExactly(Map.entry("accuracy", 0.5));
        store.updateQuality("m", T0.plus(HOUR), new Quality(1, Map.of()));
        assertThat(store.window("m", T0.plus(HOUR))).isEmpty();
    }

    @Test
    void givesTheNewestWindowOfEachMonitor() {
        store.put(spec("b"), T0);
        store.put(spec("a"), T0);
        store.put(spec("c"), T0);
        store.save(window("b", T0, 0.1), WindowReport.none());
        store.save(window("b", T0.plus(HOUR), 0.2), WindowReport.none());
        store.save(window("a", T0, 0.3), WindowReport.none());
        store.claim("c", T0, "x", T0, Duration.ofMinutes(1));
        assertThat(store.latestWindows()).extracting(WindowResult::monitor, WindowResult::start)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", T0),
                        org.assertj.core.groups.Tuple.tuple("b", T0.plus(HOUR)));
    }

    @Test
    void deletingAMonitorDeletesItsWindows() {
        store.put(spec("m"), T0);
        store.save(window("m", T0, 0.1), WindowReport.none());
        assertThat(store.delete("m")).isTrue();
        assertThat(store.delete("m")).isFalse();
        store.put(spec("m"), T0);
        assertThat(store.window("m", T0)).isEmpty();
        assertThat(store.latestWindows()).isEmpty();
    }
}
