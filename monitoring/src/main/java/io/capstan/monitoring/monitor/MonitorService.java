package io.capstan.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.monitoring.spi.GroundTruthStore;
import io.capstan.monitoring.spi.MonitorMetrics;
import io.capstan.monitoring.spi.MonitorStore;
import io.capstan.monitoring.spi.ServedTraffic;
import io.capstan.monitoring.spi.TabularSource;
import io.capstan.monitoring.spi.WindowedTables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monitors: keeps their specs, evaluates each window once it has closed (plus the monitor's delay),
 * stores one result per window, joins ground truth posted later into the windows' quality, and
 * publishes the newest window of each monitor as metrics.
 *
 * <p>{@link #tick} does the scheduled work and is called every few seconds by the server; several
 * servers sharing one store may all tick, because windows are claimed in the store before they are
 * evaluated. A monitor created with a {@code start} in the past evaluates its past windows, up to
 * {@link #MAX_BACKFILL_WINDOWS} back, {@link #WINDOWS_PER_TICK} per tick. Thread-safe.
 */
public final class MonitorService {
    /** The furthest back, in windows, that a monitor evaluates. */
    public static final int MAX_BACKFILL_WINDOWS = 1000;
    /** Windows one monitor evaluates per tick, so a backfill never holds up the others for long. */
    static final int WINDOWS_PER_TICK = 12;
    /** How long a claim holds a window: longer than any evaluation should take. */
    static final Duration CLAIM_LEASE = Duration.ofMinutes(15);
    /**
     * How far back label arrivals are looked at again: a label committed late (a slow transaction on
     * PostgreSQL) is still joined, and recomputing a window's quality twice is harmless.
     */
    static final Duration LABEL_OVERLAP = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(MonitorService.class);

    private final MonitorStore store;
    private final GroundTruthStore groundTruth;
    private final ServedTraffic traffic;
    private final TabularSource references;
    private final WindowEvaluator evaluator;
    private final MonitorMetrics metrics;
    private final Clock clock;
    private final String owner;
    private final Map<String, Instant> labelWatermarks = new ConcurrentHashMap<>();

    /**
     * @param store monitors and windows
     * @param groundTruth labels and the predictions they are joined with
     * @param traffic the deployments' served requests
     * @param datasets windowed reads of dataset sources
     * @param references reads reference data by URI
     * @param metrics where the newest windows are published
     * @param driftExecutor runs the drift tests' per-column tasks; not shut down here
     * @param clock the time
     * @param owner this server's name in window claims (unique among servers sharing the store)
     */
    public MonitorService(MonitorStore store, GroundTruthStore groundTruth, ServedTraffic traffic,
            WindowedTables datasets, TabularSource references, MonitorMetrics metrics, ExecutorService driftExecutor,
            Clock clock, String owner) {
        this.store = requireNonNull(store, "store is null");
        this.groundTruth = requireNonNull(groundTruth, "groundTruth is null");
        this.traffic = requireNonNull(traffic, "traffic is null");
        this.references = requireNonNull(references, "references is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.owner = requireNonNull(owner, "owner is null");
        this.evaluator = new WindowEvaluator(traffic, datasets, references, groundTruth, driftExecutor, clock);
    }

    /**
     * Creates or replaces a monitor. A spec without a start keeps the stored monitor's first window
     * (aligned to the new window length), or starts with the window holding now.
     *
     * <p>The reference is read once here, so that a reference that cannot be read is refused at once.
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE for a deployment source when this server records
     *     no traffic, or a reference that cannot be read (RESOURCE_DOES_NOT_EXIST or PERMISSION_DENIED when
     *     the reference is missing or not allowed)
     */
    public StoredMonitor put(MonitorSpec spec) {
        requireNonNull(spec, "spec is null");
        if (spec.source() instanceof MonitorSource.Deployment && !traffic.recorded()) {
            throw CapstanException.invalid("Monitor '%s' watches deployment '%s', but this server records no traffic: "
                    + "start it with --inference-log DIR", spec.name(), spec.deployment());
        }
        try {
            references.read(spec.referenceUri());
        } catch (CapstanException e) {
            throw new CapstanException(e.code(), "Monitor '%s': reference '%s': %s", spec.name(), spec.referenceUri(),
                    e.getMessage());
        }
        Instant now = clock.instant();
        MonitorSpec resolved = spec;
        if (spec.start() == null) {
            Optional<StoredMonitor> existing = store.get(spec.name());
            resolved = spec.withStart(existing.map(m -> m.spec().start()).orElse(now));
        }
        StoredMonitor stored = store.put(resolved, now);
        labelWatermarks.remove(spec.name());
        return stored;
    }

    /** Returns a monitor. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    public StoredMonitor get(String name) {
        return store.get(name).orElseThrow(() -> CapstanException.notFound("Monitor '%s' does not exist", name));
    }

    /** Returns every monitor, in name order. */
    public List<StoredMonitor> list() {
        return store.list();
    }

    /** Returns the newest stored window of a monitor, if any. */
    public Optional<WindowResult> latestWindow(String name) {
        Page<WindowResult> page = store.windows(name, Instant.EPOCH, Instant.MAX, 1, null);
        return page.items().isEmpty() ? Optional.empty() : Optional.of(page.items().get(0));
    }

    /** Returns the newest window with status {@code ok} among the newest 1,000 stored, if any. */
    public Optional<WindowResult> latestTestedWindow(String name) {
        return Optional.ofNullable(newest(name, w -> w.status() == WindowStatus.OK));
    }

    /** The newest of a monitor's newest 1,000 windows that passes {@code test}, or null. */
    private WindowResult newest(String name, java.util.function.Predicate<WindowResult> test) {
        String token = null;
        for (int page = 0; page < 10; page++) {
            Page<WindowResult> windows = store.windows(name, Instant.EPOCH, Instant.MAX, 100, token);
            for (WindowResult w : windows.items()) {
                if (test.test(w)) {
                    return w;
                }
            }
            token = windows.nextPageToken();
            if (token == null) {
                break;
            }
        }
        return null;
    }

    /** What each monitor shows as metrics: the newest window, the newest tested one, the newest with quality. */
    private List<MonitorMetrics.Shown> shown() {
        List<MonitorMetrics.Shown> shown = new ArrayList<>();
        for (WindowResult latest : store.latestWindows()) {
            String name = latest.monitor();
            WindowResult tested = latest.status() == WindowStatus.OK ? latest
                    : newest(name, w -> w.status() == WindowStatus.OK);
            WindowResult withQuality = latest.quality() != null ? latest : newest(name, w -> w.quality() != null);
            shown.add(new MonitorMetrics.Shown(latest, tested, withQuality));
        }
        return shown;
    }

    /** Deletes a monitor, its windows and its stored predictions. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    public void delete(String name) {
        if (!store.delete(name)) {
            throw CapstanException.notFound("Monitor '%s' does not exist", name);
        }
        groundTruth.deleteMonitor(name);
        labelWatermarks.remove(name);
        metrics.showWindows(shown());
    }

    /**
     * Returns a monitor's stored windows with a start in {@code [from, to)}, newest first.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST for an unknown monitor, INVALID_PARAMETER_VALUE for
     *     a bad page token or a page size outside 1..1000
     */
    public Page<WindowResult> windows(String name, Instant from, Instant to, int maxResults, String pageToken) {
        get(name);
        if (maxResults < 1 || maxResults > 1000) {
            throw CapstanException.invalid("'max_results' must be 1 to 1000, got %d", maxResults);
        }
        return store.windows(name, from, to, maxResults, pageToken);
    }

    /** Returns one stored window. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    public WindowResult window(String name, Instant start) {
        get(name);
        return store.window(name, start).orElseThrow(() -> CapstanException.notFound(
                "Monitor '%s' has no evaluated window starting at %s", name, start));
    }

    /** Returns one stored window's report. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    public WindowReport report(String name, Instant start) {
        window(name, start);
        return store.report(name, start).orElse(WindowReport.none());
    }

    /**
     * Evaluates one closed window now, replacing a stored result.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST for an unknown monitor; INVALID_PARAMETER_VALUE when
     *     the start is not a window start, or the window has not ended yet
     */
    public WindowResult evaluate(String name, Instant start) {
        StoredMonitor monitor = get(name);
        MonitorSpec spec = monitor.spec();
        if (!spec.windowStartOf(start).equals(start)) {
            throw CapstanException.invalid("%s is not the start of a window of monitor '%s' (windows of %d s start "
                    + "at multiples of it since 1970-01-01T00:00:00Z)", start, name, spec.window().toSeconds());
        }
        if (start.plus(spec.window()).isAfter(clock.instant())) {
            throw CapstanException.invalid("The window starting at %s has not ended yet", start);
        }
        return evaluateAndSave(monitor, start);
    }

    /** Evaluates every due window of a monitor not evaluated yet (up to the backfill limit); oldest first. */
    public List<WindowResult> evaluateDue(String name) {
        StoredMonitor monitor = get(name);
        List<WindowResult> done = new ArrayList<>();
        for (Instant start : dueWindows(monitor, clock.instant(), MAX_BACKFILL_WINDOWS)) {
            if (store.claim(name, start, owner, clock.instant(), CLAIM_LEASE)) {
                done.add(evaluateAndSave(monitor, start));
            }
        }
        metrics.showWindows(shown());
        return done;
    }

    /**
     * Stores true labels for a deployment's requests.
     *
     * @return how many requests got labels
     */
    public int postGroundTruth(MonitorJson.Labelled labelled) {
        requireNonNull(labelled, "labelled is null");
        groundTruth.put(labelled.deployment(), labelled.labels(), clock.instant());
        return labelled.labels().size();
    }

    /**
     * The scheduled work: evaluates due windows of every monitor, recomputes the quality of windows
     * whose requests got labels since the last tick, and publishes the newest windows. Never throws:
     * a failing monitor is logged and the others go on.
     */
    public void tick() {
        for (StoredMonitor monitor : store.list()) {
            String name = monitor.spec().name();
            try {
                List<Instant> due = dueWindows(monitor, clock.instant(), WINDOWS_PER_TICK);
                for (Instant start : due) {
                    if (store.claim(name, start, owner, clock.instant(), CLAIM_LEASE)) {
                        evaluateAndSave(monitor, start);
                    }
                }
                if (monitor.spec().quality() != null && monitor.spec().deployment() != null) {
                    refreshQuality(monitor);
                }
            } catch (RuntimeException e) {
                LOG.warn("monitor {}: {}", name, e.toString());
            }
        }
        try {
            metrics.showWindows(shown());
        } catch (RuntimeException e) {
            LOG.warn("monitor metrics: {}", e.toString());
        }
    }

    private WindowResult evaluateAndSave(StoredMonitor monitor, Instant start) {
        WindowEvaluator.Evaluation evaluation = evaluator.evaluate(monitor, start);
        store.save(evaluation.result(), evaluation.report());
        return evaluation.result();
    }

    /** Closed windows since the monitor's start (at most {@code limit}, oldest first) with no stored result. */
    private List<Instant> dueWindows(StoredMonitor monitor, Instant now, int limit) {
        MonitorSpec spec = monitor.spec();
        Instant newest = spec.windowStartOf(now.minus(spec.delay())).minus(spec.window());
        Instant oldest = newest.minus(spec.window().multipliedBy(MAX_BACKFILL_WINDOWS - 1));
        if (oldest.isBefore(spec.start())) {
            oldest = spec.start();
        }
        if (newest.isBefore(oldest)) {
            return List.of();
        }
        Set<Instant> stored = new HashSet<>(store.storedStarts(spec.name(), oldest, newest.plus(spec.window())));
        List<Instant> due = new ArrayList<>();
        for (Instant s = oldest; !s.isAfter(newest) && due.size() < limit; s = s.plus(spec.window())) {
            if (!stored.contains(s)) {
                due.add(s);
            }
        }
        return due;
    }

    private void refreshQuality(StoredMonitor monitor) {
        MonitorSpec spec = monitor.spec();
        Instant checked = clock.instant();
        Instant since = labelWatermarks.getOrDefault(spec.name(), Instant.EPOCH);
        Instant from = since.equals(Instant.EPOCH) ? since : since.minus(LABEL_OVERLAP);
        for (Instant start : groundTruth.windowsLabelledSince(spec.name(), spec.deployment(), from)) {
            List<ServedPrediction> predictions = groundTruth.predictions(spec.name(), start);
            Quality quality = QualityMeasure.joined(spec.quality(), predictions, groundTruth.labels(spec.deployment(),
                    predictions.stream().map(ServedPrediction::requestId).toList()));
            store.updateQuality(spec.name(), start, quality);
        }
        labelWatermarks.put(spec.name(), checked);
    }
}
