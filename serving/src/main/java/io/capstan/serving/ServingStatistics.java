package io.capstan.serving;

import static java.util.Objects.requireNonNull;

import io.capstan.serving.deploy.DeploymentManager;
import io.capstan.serving.spi.ServingMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per model version statistics since start, as Triton's statistics extension reports them
 * ({@code GET /v2/models/<name>/stats}): request counts and times, inference and execution
 * counts, time inside the runtime, by batch size. Fed as a {@link ServingMetrics}; keyed by the
 * name a request used (the deployment, or {@code capstan serve}'s served name) and the version.
 * A shadow's copies are not requests to a model and are left out.
 *
 * <p>Thread-safe; updates are cheap (one map lookup and a short lock per model version).
 */
public final class ServingStatistics implements ServingMetrics {

    /** A count and a total duration in nanoseconds, as Triton's {@code $duration_stat}. */
    public record DurationStat(long count, long ns) {
        static final DurationStat NONE = new DurationStat(0, 0);
    }

    /** Executions of one batch size: how many, and their total time in the runtime. */
    public record Batch(int size, DurationStat computeInfer) {
    }

    /**
     * One model version's statistics.
     *
     * @param name the name it answers under
     * @param version the version
     * @param lastInferenceMillis when its last request arrived (epoch milliseconds), 0 for never
     * @param inferenceCount rows of successful executions (a batch of n counts n)
     * @param executionCount successful executions
     * @param success successful requests and their end-to-end time
     * @param fail failed requests and their end-to-end time
     * @param computeInfer successful executions and their time in the runtime
     * @param batches by batch size, ascending
     */
    public record ModelStatistics(String name, String version, long lastInferenceMillis, long inferenceCount,
            long executionCount, DurationStat success, DurationStat fail, DurationStat computeInfer, List<Batch> batches) {
        public ModelStatistics {
            batches = List.copyOf(batches);
        }
    }

    private record Key(String name, String version) {
    }

    /** The counters of one model version; guarded by itself. */
    private static final class Counters {
        long lastInference;
        long inferences;
        long executions;
        long successCount;
        long successNs;
        long failCount;
        long failNs;
        long computeNs;
        final TreeMap<Integer, long[]> batches = new TreeMap<>();
    }

    private final Clock clock;
    private final Map<Key, Counters> counters = new ConcurrentHashMap<>();

    /** @param clock stamps {@code last_inference}; not null */
    public ServingStatistics(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    private static boolean counted(String deployment, String version) {
        return !version.isEmpty() && !deployment.endsWith(DeploymentManager.SHADOW_SUFFIX);
    }

    private Counters of(String name, String version) {
        return counters.computeIfAbsent(new Key(name, version), k -> new Counters());
    }

    @Override
    public void execution(String deployment, String model, String version, int rows, long computeNanos, boolean ok) {
        if (!ok || !counted(deployment, version)) {
            return;
        }
        Counters c = of(deployment, version);
        synchronized (c) {
            c.executions++;
            c.inferences += rows;
            c.computeNs += computeNanos;
            long[] batch = c.batches.computeIfAbsent(rows, r -> new long[2]);
            batch[0]++;
            batch[1] += computeNanos;
        }
    }

    @Override
    public void request(String deployment, String model, String version, String protocol, int status, long nanos) {
        if (!counted(deployment, version) || protocol.equals("shadow")) {
            return;
        }
        Counters c = of(deployment, version);
        long now = clock.millis();
        synchronized (c) {
            c.lastInference = Math.max(c.lastInference, now);
            if (status < 400) {
                c.successCount++;
                c.successNs += nanos;
            } else {
                c.failCount++;
                c.failNs += nanos;
            }
        }
    }

    @Override
    public void pending(String deployment, String model, String version, int delta) {
        // not a statistic of the extension
    }

    /** The statistics of a loaded model version; all zero when it has seen no request. */
    public ModelStatistics of(ServedModel model) {
        requireNonNull(model, "model is null");
        Counters c = counters.get(new Key(model.deployment(), model.version()));
        if (c == null) {
            return new ModelStatistics(model.deployment(), model.version(), 0, 0, 0, DurationStat.NONE, DurationStat.NONE,
                    DurationStat.NONE, List.of());
        }
        synchronized (c) {
            List<Batch> batches = new ArrayList<>();
            c.batches.forEach((size, v) -> batches.add(new Batch(size, new DurationStat(v[0], v[1]))));
            return new ModelStatistics(model.deployment(), model.version(), c.lastInference, c.inferences,
                    c.executions, new DurationStat(c.successCount, c.successNs), new DurationStat(c.failCount, c.failNs),
                    new DurationStat(c.executions, c.computeNs), batches);
        }
    }
}
