package io.capstan.serving.deploy;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.serving.InferenceRecorder;
import io.capstan.serving.ModelEndpoints;
import io.capstan.serving.ModelLoader;
import io.capstan.serving.ServedModel;
import io.capstan.serving.deploy.DeploymentSpec.RollbackPolicy;
import io.capstan.serving.deploy.DeploymentSpec.TrafficSplit;
import io.capstan.serving.inferencelog.InferenceRecord;
import io.capstan.serving.inferencelog.RequestStamps.RequestStamp;
import io.capstan.serving.spi.MapSequence;
import io.capstan.serving.spi.ModelOutput;
import io.capstan.serving.spi.ServingMetrics;
import io.capstan.serving.spi.Tensor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs deployments: loads their versions, routes requests by weight (or sticky header), copies
 * requests to a shadow, closes windows of per-version statistics, rolls a breaching canary back,
 * and follows aliases. Implements {@link ModelEndpoints} for the inference routes: a deployment
 * answers under its name.
 *
 * <p>Thread-safe. Routing reads an immutable snapshot per deployment; changes build a new snapshot
 * (loading any new version first) and swap it in, so requests never see a half-applied change.
 * Versions that leave a deployment are closed after a grace period.
 *
 * <p>Replicas: the {@link DeploymentStore} is the truth. Every poll reads it and serves what it
 * holds, so replicas of {@code capstan server} on one database converge within a poll of a change
 * made through any of them. Windows, events and breach counts are this replica's own (in memory):
 * each replica judges a canary on the traffic it routed, and a rollback it decides is written with
 * {@link DeploymentStore#replace}, which the other replicas then adopt.
 */
public final class DeploymentManager implements ModelEndpoints, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentManager.class);
    /** Windows kept per deployment, and events. */
    private static final int HISTORY = 200;
    private static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    private static final int MAX_LATENCY_SAMPLES = 50_000;
    /** Appended to the deployment name in inference-log records of shadow predictions. */
    public static final String SHADOW_SUFFIX = "/shadow";

    /** How long a stored spec that failed to load waits before it is tried again. */
    static final Duration RETRY_UNLOADABLE = Duration.ofSeconds(30);

    /** A stored spec that could not be loaded, and when to try it again. */
    private record Unloadable(DeploymentSpec spec, Instant retryAt) {
    }

    /** A deployment as it is served right now. */
    private record Snapshot(DeploymentSpec spec, Map<String, ServedModel> versions, List<TrafficSplit> weights,
            ServedModel shadow) {
    }

    /** Everything kept about one deployment; the snapshot is swapped, the rest accumulates. */
    private final class Deployment {
        volatile Snapshot snapshot;
        final Map<String, Window> open = new ConcurrentHashMap<>();
        final Deque<WindowStats> closed = new ArrayDeque<>();
        final Deque<DeploymentEvent> events = new ArrayDeque<>();
        final Map<String, Integer> breaches = new ConcurrentHashMap<>();
        ScheduledFuture<?> windowTask;

        Window window(String version) {
            return open.computeIfAbsent(version, v -> new Window());
        }

        synchronized void event(String type, String message) {
            events.addLast(new DeploymentEvent(clock.instant(), type, message));
            while (events.size() > HISTORY) {
                events.removeFirst();
            }
            LOG.info("deployment {}: {} - {}", snapshot == null ? "?" : snapshot.spec().name(), type, message);
        }
    }

    /** Counters of one version in the open window. */
    private static final class Window {
        long requests;
        long errors;
        long shadowRequests;
        long disagreements;
        long shadowErrors;
        long[] latencies = new long[1024];
        int samples;

        synchronized void request(boolean ok, long nanos) {
            requests++;
            if (!ok) {
                errors++;
            }
            if (samples < MAX_LATENCY_SAMPLES) {
                if (samples == latencies.length) {
                    latencies = Arrays.copyOf(latencies, latencies.length * 2);
                }
                latencies[samples++] = nanos;
            }
        }

        synchronized void shadow(boolean ok, boolean disagree) {
            shadowRequests++;
            if (!ok) {
                shadowErrors++;
            } else if (disagree) {
                disagreements++;
            }
        }
    }

    private final ModelLoader loader;
    private final ModelVersions registry;
    private final DeploymentStore store;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService shadows;
    private final Clock clock;
    private final Duration aliasPoll;
    private final Duration closeGrace;
    private final InferenceRecorder recorder;
    private final ServingMetrics metrics;
    private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();
    /** Stored specs that failed to load here, by name; guarded by this manager's lock. */
    private final Map<String, Unloadable> unloadable = new HashMap<>();
    private ScheduledFuture<?> aliasTask;

    /**
     * @param loader loads versions; not null
     * @param registry finds version files and aliases; not null
     * @param store keeps specs; not null
     * @param scheduler runs window closing, alias polling and delayed closes; not null
     * @param shadows runs shadow copies; a bounded executor (copies are dropped when it refuses)
     * @param clock timestamps; not null
     * @param aliasPoll how often followed aliases are checked
     * @param closeGrace how long a replaced version stays loaded for requests already routed to it
     * @param recorder logs shadow predictions (deployment name + {@value #SHADOW_SUFFIX}); not null
     * @param metrics where shadow copies are reported as requests of protocol {@code shadow}
     *     (the routes report the primary's); not null
     */
    public DeploymentManager(ModelLoader loader, ModelVersions registry, DeploymentStore store,
            ScheduledExecutorService scheduler, ExecutorService shadows, Clock clock, Duration aliasPoll,
            Duration closeGrace, InferenceRecorder recorder, ServingMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.recorder = requireNonNull(recorder, "recorder is null");
        this.loader = requireNonNull(loader, "loader is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.store = requireNonNull(store, "store is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.shadows = requireNonNull(shadows, "shadows is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.aliasPoll = requireNonNull(aliasPoll, "aliasPoll is null");
        this.closeGrace = requireNonNull(closeGrace, "closeGrace is null");
    }

    /**
     * Loads the stored deployments (one that fails to load is logged and tried again later) and
     * starts polling: every {@code aliasPoll}, the store is read again (so what another replica
     * created, changed or deleted is served here too) and followed aliases are checked.
     */
    public synchronized void start() {
        for (DeploymentSpec spec : store.load()) {
            adopt(spec, null, "created", "loaded at start");
        }
        long period = Math.max(100, aliasPoll.toMillis());
        aliasTask = scheduler.scheduleWithFixedDelay(this::poll, period, period, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.warn("Reading the stored deployments failed: {}", e.getMessage());
        }
        followAliases();
    }

    /**
     * Makes what is served match the store: stored specs not served yet start, specs that differ
     * from the served one are applied, served deployments no longer stored stop. Under the
     * manager's lock, so it never sees half of a local {@link #apply} or {@link #delete}.
     */
    synchronized void reconcile() {
        Map<String, DeploymentSpec> stored = new LinkedHashMap<>();
        store.load().forEach(spec -> stored.put(spec.name(), spec));
        for (DeploymentSpec spec : stored.values()) {
            Deployment deployment = deployments.get(spec.name());
            if (deployment != null && deployment.snapshot.spec().equals(spec)) {
                unloadable.remove(spec.name());
                continue;
            }
            adopt(spec, deployment, deployment == null ? "created" : "updated",
                    "stored by another replica: " + describe(spec));
        }
        for (String name : List.copyOf(deployments.keySet())) {
            if (!stored.containsKey(name)) {
                LOG.info("deployment {}: deleted from the store by another replica; stopped here", name);
                stop(name);
            }
        }
        unloadable.keySet().retainAll(stored.keySet());
    }

    /**
     * Serves a stored spec. One that cannot be loaded here is logged and left as it was (an older
     * spec keeps serving); the same spec is tried again only after {@link #RETRY_UNLOADABLE}, so a
     * broken version does not reload and log every poll.
     */
    private void adopt(DeploymentSpec spec, Deployment current, String eventType, String message) {
        Unloadable failed = unloadable.get(spec.name());
        if (failed != null && failed.spec().equals(spec) && clock.instant().isBefore(failed.retryAt())) {
            return;
        }
        try {
            activate(spec, eventType, message);
            unloadable.remove(spec.name());
        } catch (RuntimeException e) {
            unloadable.put(spec.name(), new Unloadable(spec, clock.instant().plus(RETRY_UNLOADABLE)));
            LOG.warn("Deployment '{}' could not be loaded: {}", spec.name(), e.getMessage());
            if (current != null) {
                current.event("failed", "the stored spec (" + describe(spec) + ") cannot be loaded here ("
                        + e.getMessage() + "); the previous one keeps serving");
            }
        }
    }

    /**
     * Creates or replaces a deployment: loads its versions, then switches traffic to it at once.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST for an unknown model, version or alias;
     *     INVALID_PARAMETER_VALUE for a version Capstan cannot serve
     */
    public synchronized DeploymentStatus apply(DeploymentSpec spec) {
        requireNonNull(spec, "spec is null");
        boolean exists = deployments.containsKey(spec.name());
        activate(spec, exists ? "updated" : "created", describe(spec));
        store.save(spec);
        return status(spec.name());
    }

    /** Stops serving a deployment and forgets it. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    public synchronized void delete(String name) {
        if (!deployments.containsKey(name)) {
            throw CapstanException.notFound("Deployment '%s' does not exist", name);
        }
        // the store first: if it fails, the deployment keeps serving, as the store still says
        store.delete(name);
        stop(name);
    }

    private void stop(String name) {
        Deployment deployment = deployments.remove(name);
        if (deployment.windowTask != null) {
            deployment.windowTask.cancel(false);
        }
        closeLater(deployment.snapshot, null);
    }

    /** The status of every deployment, by name. */
    public List<DeploymentStatus> list() {
        return deployments.keySet().stream().sorted().map(this::status).toList();
    }

    /** A deployment's spec, effective weights, recent windows and events. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    public DeploymentStatus status(String name) {
        Deployment deployment = deployment(name);
        synchronized (deployment) {
            Snapshot s = deployment.snapshot;
            return new DeploymentStatus(s.spec(), s.weights(), s.shadow() == null ? null : s.shadow().version(),
                    List.copyOf(deployment.closed), List.copyOf(deployment.events));
        }
    }

    private Deployment deployment(String name) {
        Deployment deployment = deployments.get(name);
        if (deployment == null) {
            throw CapstanException.notFound("Deployment '%s' does not exist", name);
        }
        return deployment;
    }

    // ------------------------------------------------------------------ building snapshots

    private void activate(DeploymentSpec spec, String eventType, String message) {
        Deployment deployment = deployments.get(spec.name());
        Snapshot old = deployment == null ? null : deployment.snapshot;
        List<TrafficSplit> weights = spec.alias() != null
                ? List.of(new TrafficSplit(registry.aliasVersion(spec.model(), spec.alias()), 100))
                : spec.traffic();
        Snapshot next = build(spec, weights, old);
        if (deployment == null) {
            deployment = new Deployment();
            deployments.put(spec.name(), deployment);
        }
        deployment.snapshot = next;
        deployment.breaches.clear();
        deployment.event(eventType, message);
        scheduleWindows(deployment, spec);
        closeLater(old, next);
    }

    /** Loads what {@code old} does not have; reuses what it has. */
    private Snapshot build(DeploymentSpec spec, List<TrafficSplit> weights, Snapshot old) {
        Map<String, ServedModel> versions = new LinkedHashMap<>();
        List<ServedModel> loadedHere = new ArrayList<>();
        try {
            for (TrafficSplit split : weights) {
                versions.put(split.version(), version(spec, split.version(), false, old, loadedHere));
            }
            ServedModel shadow = spec.shadowVersion() == null ? null
                    : version(spec, spec.shadowVersion(), true, old, loadedHere);
            return new Snapshot(spec, versions, weights, shadow);
        } catch (RuntimeException e) {
            loadedHere.forEach(ServedModel::close);
            throw e;
        }
    }

    /**
     * A version for the primary traffic or for the shadow. The two roles never share a loaded
     * model, even for the same version: a shadow's executions are metered under
     * {@code <name>/shadow}, and its copies must not queue in front of the primary's requests.
     */
    private ServedModel version(DeploymentSpec spec, String version, boolean shadow, Snapshot old,
            List<ServedModel> loadedHere) {
        String label = shadow ? spec.name() + SHADOW_SUFFIX : spec.name();
        if (old != null && old.spec().model().equals(spec.model())) {
            ServedModel reused = shadow
                    ? (old.shadow() != null && old.shadow().version().equals(version) ? old.shadow() : null)
                    : old.versions().get(version);
            if (reused != null) {
                return reused;
            }
        }
        for (ServedModel loaded : loadedHere) {
            if (loaded.version().equals(version) && loaded.deployment().equals(label)) {
                return loaded;
            }
        }
        ServedModel model = loader.load(label, spec.model(), version, registry.directory(spec.model(), version));
        loadedHere.add(model);
        return model;
    }

    /** Closes the versions of {@code old} that {@code next} does not use, after the grace period. */
    private void closeLater(Snapshot old, Snapshot next) {
        if (old == null) {
            return;
        }
        List<ServedModel> retired = new ArrayList<>();
        List<ServedModel> oldModels = new ArrayList<>(old.versions().values());
        if (old.shadow() != null) {
            oldModels.add(old.shadow());
        }
        for (ServedModel model : oldModels) {
            boolean kept = next != null && (next.versions().containsValue(model) || next.shadow() == model);
            if (!kept && !retired.contains(model)) {
                retired.add(model);
            }
        }
        if (!retired.isEmpty()) {
            scheduler.schedule(() -> retired.forEach(ServedModel::close), closeGrace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String describe(DeploymentSpec spec) {
        StringBuilder text = new StringBuilder("model " + spec.model());
        if (spec.alias() != null) {
            text.append(", following @").append(spec.alias());
        }
        for (TrafficSplit split : spec.traffic()) {
            text.append(", v").append(split.version()).append(' ').append(split.weight()).append('%');
        }
        if (spec.shadowVersion() != null) {
            text.append(", shadow v").append(spec.shadowVersion());
        }
        return text.toString();
    }

    // ------------------------------------------------------------------ routing

    @Override
    public Selection select(String name, String version, UnaryOperator<String> headers) {
        Deployment deployment = deployments.get(name);
        if (deployment == null) {
            throw CapstanException.notFound("Request for unknown model: '%s' is not found", name);
        }
        Snapshot s = deployment.snapshot;
        ServedModel chosen;
        if (version != null) {
            chosen = s.versions().get(version);
            if (chosen == null) {
                throw CapstanException.notFound("Request for unknown model: '%s' version %s is not found", name,
                        version);
            }
        } else {
            chosen = pick(s, headers);
        }
        ServedModel answering = chosen;
        return new Selection(answering, name, (stamp, ok, nanos, inputs, outputs) -> {
            deployment.window(answering.version()).request(ok, nanos);
            if (ok && s.shadow() != null && !inputs.isEmpty()) {
                shadow(deployment, s, stamp, inputs, outputs);
            }
        });
    }

    private static ServedModel pick(Snapshot s, UnaryOperator<String> headers) {
        String sticky = s.spec().stickyHeader() == null ? null : headers.apply(s.spec().stickyHeader());
        int bucket = sticky != null ? Math.floorMod(stickyHash(sticky), 100) : ThreadLocalRandom.current().nextInt(100);
        int cumulative = 0;
        for (TrafficSplit split : s.weights()) {
            cumulative += split.weight();
            if (bucket < cumulative) {
                return s.versions().get(split.version());
            }
        }
        throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Deployment '%s' has no version with traffic",
                s.spec().name());
    }

    /** A well-spread hash, so sticky keys that differ a little land on different buckets. */
    static int stickyHash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        return (int) (h ^ (h >>> 32));
    }

    private void shadow(Deployment deployment, Snapshot s, RequestStamp stamp, Map<String, Tensor> inputs,
            Map<String, ? extends ModelOutput> primary) {
        ServedModel shadow = s.shadow();
        try {
            shadows.execute(() -> {
                Window window = deployment.window(shadow.version());
                long start = System.nanoTime();
                int status = 200;
                try {
                    Map<String, ModelOutput> copy = shadow.runtime().predict(inputs);
                    // the shadow's predictions, under the primary's request id, for later comparison
                    recorder.record(stamp, shadow, shadow.deployment(), inputs, copy,
                            (System.nanoTime() - start) / 1_000, InferenceRecord.OK);
                    window.shadow(true, disagree(primary, copy));
                } catch (RuntimeException e) {
                    status = e instanceof CapstanException ce ? ce.code().httpStatus() : 500;
                    window.shadow(false, false);
                } finally {
                    metrics.request(shadow.deployment(), shadow.name(), shadow.version(), "shadow", status,
                            System.nanoTime() - start);
                }
            });
        } catch (RejectedExecutionException full) {
            // the primary never waits for its shadow: a copy that cannot be queued is dropped
        }
    }

    /** Whether any output the primary gave differs in the shadow (floats beyond 1e-6 relative). */
    static boolean disagree(Map<String, ? extends ModelOutput> primary, Map<String, ModelOutput> shadow) {
        for (ModelOutput output : primary.values()) {
            ModelOutput other = shadow.get(output.name());
            if (other == null) {
                return true;
            }
            boolean same = switch (output) {
                case Tensor t -> other instanceof Tensor o && sameTensor(t, o);
                case MapSequence m -> other instanceof MapSequence o && sameMaps(m, o);
            };
            if (!same) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameTensor(Tensor a, Tensor b) {
        if (a.datatype() != b.datatype() || !Arrays.equals(a.shape(), b.shape())) {
            return false;
        }
        return switch (a.datatype()) {
            case FP32 -> {
                float[] x = a.floats();
                float[] y = b.floats();
                for (int i = 0; i < x.length; i++) {
                    if (!close(x[i], y[i])) {
                        yield false;
                    }
                }
                yield true;
            }
            case FP64 -> {
                double[] x = a.doubles();
                double[] y = b.doubles();
                for (int i = 0; i < x.length; i++) {
                    if (!close(x[i], y[i])) {
                        yield false;
                    }
                }
                yield true;
            }
            case BOOL, INT32, INT64, BYTES -> a.equals(new Tensor(a.name(), b.datatype(), b.shape(), b.data()));
        };
    }

    private static boolean sameMaps(MapSequence a, MapSequence b) {
        if (a.rows().size() != b.rows().size()) {
            return false;
        }
        for (int i = 0; i < a.rows().size(); i++) {
            Map<String, Double> x = a.rows().get(i);
            Map<String, Double> y = b.rows().get(i);
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Map.Entry<String, Double> e : x.entrySet()) {
                if (!close(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean close(double a, double b) {
        return Objects.equals(a, b) || Math.abs(a - b) <= 1e-6 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    // ------------------------------------------------------------------ windows and rollback

    private void scheduleWindows(Deployment deployment, DeploymentSpec spec) {
        if (deployment.windowTask != null) {
            deployment.windowTask.cancel(false);
        }
        long period = (spec.rollback() == null ? DEFAULT_WINDOW : spec.rollback().window()).toMillis();
        deployment.windowTask = scheduler.scheduleAtFixedRate(() -> closeWindow(deployment), period, period,
                TimeUnit.MILLISECONDS);
    }

    private void closeWindow(Deployment deployment) {
        try {
            Snapshot s = deployment.snapshot;
            Map<String, Window> windows = new LinkedHashMap<>();
            for (String version : deployment.open.keySet()) {
                windows.put(version, deployment.open.remove(version));
            }
            List<WindowStats> stats = new ArrayList<>();
            for (Map.Entry<String, Window> entry : windows.entrySet()) {
                stats.add(stats(entry.getKey(), entry.getValue(), s));
            }
            synchronized (deployment) {
                for (WindowStats stat : stats) {
                    deployment.closed.addLast(stat);
                }
                while (deployment.closed.size() > HISTORY) {
                    deployment.closed.removeFirst();
                }
            }
            RollbackPolicy policy = s.spec().rollback();
            if (policy != null) {
                evaluate(deployment, s, stats, policy);
            }
        } catch (RuntimeException e) {
            LOG.warn("Closing a window failed", e);
        }
    }

    private WindowStats stats(String version, Window w, Snapshot s) {
        synchronized (w) {
            long[] latencies = Arrays.copyOf(w.latencies, w.samples);
            Arrays.sort(latencies);
            double p99 = latencies.length == 0 ? 0
                    : latencies[Math.min(latencies.length - 1, (int) Math.ceil(latencies.length * 0.99) - 1)] / 1e6;
            int weight = s.weights().stream().filter(t -> t.version().equals(version)).mapToInt(TrafficSplit::weight)
                    .findFirst().orElse(0);
            return new WindowStats(clock.instant(), version, weight, w.requests, w.errors, p99, w.shadowRequests,
                    w.disagreements, w.shadowErrors);
        }
    }

    private synchronized void evaluate(Deployment deployment, Snapshot s, List<WindowStats> stats,
            RollbackPolicy policy) {
        if (deployment.snapshot != s || s.weights().size() < 2) {
            return;
        }
        String baseline = s.weights().get(0).version();
        for (TrafficSplit split : s.weights().subList(1, s.weights().size())) {
            if (split.weight() == 0) {
                continue;
            }
            WindowStats w = stats.stream().filter(x -> x.version().equals(split.version())).findFirst().orElse(null);
            boolean breach = w != null && w.requests() >= policy.minRequests()
                    && (w.errorRate() > policy.maxErrorRate() || w.p99Millis() > policy.maxP99().toMillis());
            int count = breach ? deployment.breaches.merge(split.version(), 1, Integer::sum) : 0;
            if (!breach) {
                deployment.breaches.remove(split.version());
            }
            if (count >= policy.consecutiveWindows()) {
                rollBack(deployment, s, split, baseline, w);
                return;
            }
        }
    }

    private void rollBack(Deployment deployment, Snapshot s, TrafficSplit canary, String baseline, WindowStats w) {
        List<TrafficSplit> weights = new ArrayList<>();
        for (TrafficSplit split : s.weights()) {
            if (split.version().equals(canary.version())) {
                weights.add(new TrafficSplit(split.version(), 0));
            } else if (split.version().equals(baseline)) {
                weights.add(new TrafficSplit(split.version(), split.weight() + canary.weight()));
            } else {
                weights.add(split);
            }
        }
        DeploymentSpec spec = new DeploymentSpec(s.spec().name(), s.spec().model(), weights, null,
                s.spec().shadowVersion(), s.spec().stickyHeader(), s.spec().rollback());
        deployment.breaches.clear();
        if (!store.replace(s.spec(), spec)) {
            // changed in the store meanwhile (a user, or another replica's rollback): the next
            // poll serves what is stored, which this rollback must not overwrite
            LOG.info("deployment {}: v{} breached its limits, but the stored spec changed meanwhile; "
                    + "serving the stored one", s.spec().name(), canary.version());
            return;
        }
        // the weights and the event change together: a reader sees both or neither
        synchronized (deployment) {
            deployment.snapshot = new Snapshot(spec, s.versions(), weights, s.shadow());
            deployment.event("rolled_back", String.format("v%s dropped from %d%% to 0%% after %d windows over its limits "
                        + "(last: error rate %.3f, p99 %.1f ms over %d requests); v%s takes its traffic",
                    canary.version(), canary.weight(), s.spec().rollback().consecutiveWindows(), w.errorRate(),
                    w.p99Millis(), w.requests(), baseline));
        }
    }

    // ------------------------------------------------------------------ aliases

    private void followAliases() {
        for (Deployment deployment : deployments.values()) {
            Snapshot s = deployment.snapshot;
            if (s.spec().alias() == null) {
                continue;
            }
            try {
                String now = registry.aliasVersion(s.spec().model(), s.spec().alias());
                String serving = s.weights().get(0).version();
                if (!now.equals(serving)) {
                    rollOut(deployment, s, serving, now);
                }
            } catch (RuntimeException e) {
                LOG.warn("Following @{} of deployment '{}' failed: {}", s.spec().alias(), s.spec().name(),
                        e.getMessage());
            }
        }
    }

    private synchronized void rollOut(Deployment deployment, Snapshot s, String from, String to) {
        if (deployment.snapshot != s || deployments.get(s.spec().name()) != deployment) {
            return; // changed meanwhile; the next poll looks again
        }
        Snapshot next;
        try {
            next = build(s.spec(), List.of(new TrafficSplit(to, 100)), s);
        } catch (RuntimeException e) {
            deployment.event("failed", "@" + s.spec().alias() + " moved to v" + to + ", which cannot be loaded ("
                    + e.getMessage() + "); v" + from + " keeps serving");
            throw e;
        }
        synchronized (deployment) {
            deployment.snapshot = next;
            deployment.event("rolled_out", "@" + s.spec().alias() + " moved: v" + from + " -> v" + to);
        }
        closeLater(s, next);
    }

    @Override
    public List<ServedModel> versions(String name) {
        return List.copyOf(deployment(name).snapshot.versions().values());
    }

    @Override
    public List<ServedModel> all() {
        List<ServedModel> all = new ArrayList<>();
        deployments.values().forEach(d -> all.addAll(d.snapshot.versions().values()));
        return all;
    }

    /** Stops polling and closes every loaded version at once. */
    @Override
    public synchronized void close() {
        if (aliasTask != null) {
            aliasTask.cancel(false);
        }
        for (Deployment deployment : deployments.values()) {
            if (deployment.windowTask != null) {
                deployment.windowTask.cancel(false);
            }
            Snapshot s = deployment.snapshot;
            s.versions().values().forEach(ServedModel::close);
            if (s.shadow() != null) {
                s.shadow().close();
            }
        }
        deployments.clear();
    }
}
