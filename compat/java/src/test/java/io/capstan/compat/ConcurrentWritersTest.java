package io.capstan.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.app.Capstan;
import io.capstan.app.CapstanConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 32 writers, each with its own keep-alive HTTP client and its own run, log through the REST API
 * (log-batch with metrics, params and tags; log-metric; set-tag) against the SQLite store for a
 * bounded time. Every request must be answered 200 (never a 5xx, never "database is locked"), and
 * afterwards every acknowledged point, param and tag must read back.
 *
 * <p>The duration is {@value #DEFAULT_SECONDS} s unless the system property
 * {@value #SECONDS_PROPERTY} says otherwise.
 */
class ConcurrentWritersTest {
    static final String SECONDS_PROPERTY = "capstan.compat.writers.seconds";
    static final long DEFAULT_SECONDS = 60;
    private static final int WRITERS = 32;
    private static final int BATCH_METRIC_KEYS = 5;
    private static final int MAX_REPORTED_FAILURES = 20;

    @TempDir
    Path tmp;
    private Capstan capstan;

    @BeforeEach
    void start() throws Exception {
        capstan = Capstan.start(new CapstanConfig("127.0.0.1", 0, "sqlite:///" + tmp + "/c.db", tmp.resolve("art"),
                "mlflow-artifacts:/", 64, "FULL", null));
    }

    @AfterEach
    void stop() throws Exception {
        if (capstan != null) {
            capstan.close();
        }
    }

    /** What one writer had acknowledged with a 200. Only its own thread writes to it. */
    private static final class Acknowledged {
        final String runId;
        final List<Long> batchSteps = new ArrayList<>();
        final List<Long> singleSteps = new ArrayList<>();
        final Map<String, String> params = new HashMap<>();
        final Map<String, String> tags = new HashMap<>();
        final List<Long> latenciesMicros = new ArrayList<>();
        long requests;
        long metricPoints;

        Acknowledged(String runId) {
            this.runId = runId;
        }
    }

    @Test
    void everyAcknowledgedWriteIsReadableAndNoRequestFails() throws Exception {
        long seconds = Long.getLong(SECONDS_PROPERTY, DEFAULT_SECONDS);
        assertThat(seconds).as(SECONDS_PROPERTY).isPositive();
        String base = "http://127.0.0.1:" + capstan.port();

        CompatHttp setup = new CompatHttp(base);
        String experimentId = setup.createExperiment("concurrent-writers");
        List<Acknowledged> writers = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) {
            writers.add(new Acknowledged(setup.createRun(experimentId, "writer-" + t)));
        }

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger failureCount = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS, r -> {
            Thread thread = new Thread(r, "compat-writer");
            thread.setDaemon(true);
            return thread;
        });
        long startNanos;
        long elapsedNanos;
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < WRITERS; t++) {
                Acknowledged ack = writers.get(t);
                running.add(pool.submit(() -> {
                    go.await();
                    write(new CompatHttp(base), ack, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds),
                            failures, failureCount);
                    return null;
                }));
            }
            startNanos = System.nanoTime();
            go.countDown();
            for (Future<?> f : running) {
                // a writer stops at its deadline; the margin covers one last request's timeout
                f.get(seconds + CompatHttp.REQUEST_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
            }
            elapsedNanos = System.nanoTime() - startNanos;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }

        long requests = writers.stream().mapToLong(w -> w.requests).sum();
        long points = writers.stream().mapToLong(w -> w.metricPoints).sum();
        long params = writers.stream().mapToLong(w -> w.params.size()).sum();
        long tags = writers.stream().mapToLong(w -> w.tags.size()).sum();
        List<Long> latencies = new ArrayList<>();
        writers.forEach(w -> latencies.addAll(w.latenciesMicros));
        Collections.sort(latencies);
        double elapsed = elapsedNanos / 1e9;
        System.out.printf(Locale.ROOT, "ConcurrentWritersTest: %d writers for %.1f s against SQLite (synchronous=FULL): "
                        + "%d acknowledged requests = %.0f req/s; %d metric points (%.0f/s), %d params, %d tags; "
                        + "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d failed requests%n",
                WRITERS, elapsed, requests, requests / elapsed, points, points / elapsed, params, tags,
                percentile(latencies, 0.50), percentile(latencies, 0.99), percentile(latencies, 1.0),
                failureCount.get());
        assertThat(failures).as("failed requests (%d in all; first %d shown)", failureCount.get(),
                MAX_REPORTED_FAILURES).isEmpty();
        assertThat(requests).as("acknowledged requests").isGreaterThan(WRITERS);

        long verifyStart = System.nanoTime();
        CompatHttp reader = new CompatHttp(base);
        for (Acknowledged w : writers) {
            verify(reader, w);
        }
        System.out.printf(Locale.ROOT, "ConcurrentWritersTest: read back %d runs in %.1f s%n", writers.size(),
                (System.nanoTime() - verifyStart) / 1e9);
    }

    /** One writer's loop: log-batch, log-metric and set-tag in turn until the deadline. */
    private static void write(CompatHttp http, Acknowledged ack, long deadlineNanos,
                              ConcurrentLinkedQueue<String> failures, AtomicInteger failureCount)
            throws InterruptedException {
        for (long i = 0; System.nanoTime() < deadlineNanos; i++) {
            long now = System.currentTimeMillis();
            String endpoint;
            ObjectNode body = CompatHttp.object().put("run_id", ack.runId);
            switch ((int) (i % 3)) {
                case 0 -> {
                    endpoint = "runs/log-batch";
                    ArrayNode metrics = body.putArray("metrics");
                    for (int k = 0; k < BATCH_METRIC_KEYS; k++) {
                        // int64 as JSON strings, as the Java client sends them
                        metrics.addObject().put("key", "batch_" + k).put("value", batchValue(i, k))
                                .put("timestamp", Long.toString(now)).put("step", Long.toString(i));
                    }
                    ArrayNode params = body.putArray("params");
                    params.addObject().put("key", "p_" + i).put("value", "v" + i);
                    params.addObject().put("key", "q_" + i).put("value", "w" + i);
                    body.putArray("tags").addObject().put("key", "bt_" + i).put("value", "b" + i);
                }
                case 1 -> {
                    endpoint = "runs/log-metric";
                    body.put("key", "single").put("value", singleValue(i)).put("timestamp", now).put("step", i);
                }
                default -> {
                    endpoint = "runs/set-tag";
                    body.put("key", "st_" + i).put("value", "s" + i);
                }
            }
            long sent = System.nanoTime();
            CompatHttp.Reply reply;
            try {
                reply = http.post(endpoint, body);
            } catch (java.io.IOException e) {
                fail(failures, failureCount, endpoint + " " + ack.runId + " i=" + i + ": " + e);
                continue;
            }
            ack.latenciesMicros.add((System.nanoTime() - sent) / 1000);
            if (!reply.ok() || reply.body().contains("database is locked")) {
                fail(failures, failureCount, endpoint + " " + ack.runId + " i=" + i + " -> " + reply.status() + " "
                        + reply.body());
                continue;
            }
            ack.requests++;
            switch ((int) (i % 3)) {
                case 0 -> {
                    ack.batchSteps.add(i);
                    ack.metricPoints += BATCH_METRIC_KEYS;
                    ack.params.put("p_" + i, "v" + i);
                    ack.params.put("q_" + i, "w" + i);
                    ack.tags.put("bt_" + i, "b" + i);
                }
                case 1 -> {
                    ack.singleSteps.add(i);
                    ack.metricPoints++;
                }
                default -> ack.tags.put("st_" + i, "s" + i);
            }
        }
    }

    private static void fail(ConcurrentLinkedQueue<String> failures, AtomicInteger count, String what) {
        if (count.incrementAndGet() <= MAX_REPORTED_FAILURES) {
            failures.add(what);
        }
    }

    private static double batchValue(long step, int key) {
        return step * 10 + key + 0.25;
    }

    private static double singleValue(long step) {
        return step * 0.5;
    }

    /** Reads one run back: every acknowledged param, tag and point, and nothing that was not. */
    private static void verify(CompatHttp http, Acknowledged w) throws Exception {
        JsonNode run = http.get("runs/get", Map.of("run_id", w.runId)).okJson("runs/get").path("run");
        Map<String, String> params = new TreeMap<>();
        for (JsonNode p : run.at("/data/params")) {
            params.put(p.path("key").asText(), p.path("value").asText());
        }
        Map<String, String> tags = new TreeMap<>();
        for (JsonNode t : run.at("/data/tags")) {
            String key = t.path("key").asText();
            if (key.startsWith("bt_") || key.startsWith("st_")) {
                tags.put(key, t.path("value").asText());
            }
        }
        assertThat(params).as("params of %s", w.runId).isEqualTo(new TreeMap<>(w.params));
        assertThat(tags).as("tags of %s", w.runId).isEqualTo(new TreeMap<>(w.tags));

        Map<String, Double> latest = new TreeMap<>();
        for (JsonNode m : run.at("/data/metrics")) {
            latest.put(m.path("key").asText(), m.path("value").asDouble());
        }
        if (!w.singleSteps.isEmpty()) {
            long last = w.singleSteps.getLast();
            assertThat(latest).as("latest metrics of %s", w.runId).containsEntry("single", singleValue(last));
        }

        Map<Long, Double> single = http.history(w.runId, "single");
        assertThat(new TreeSet<>(single.keySet())).as("steps of %s/single", w.runId)
                .isEqualTo(new TreeSet<>(w.singleSteps));
        single.forEach((step, value) -> assertThat(value).as("%s/single@%d", w.runId, step)
                .isEqualTo(singleValue(step)));
        for (int k = 0; k < BATCH_METRIC_KEYS; k++) {
            int key = k;
            Map<Long, Double> history = http.history(w.runId, "batch_" + k);
            assertThat(new TreeSet<>(history.keySet())).as("steps of %s/batch_%d", w.runId, k)
                    .isEqualTo(new TreeSet<>(w.batchSteps));
            history.forEach((step, value) -> assertThat(value).as("%s/batch_%d@%d", w.runId, key, step)
                    .isEqualTo(batchValue(step, key)));
        }
    }

    private static double percentile(List<Long> sortedMicros, double q) {
        if (sortedMicros.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedMicros.size() - 1, Math.max(0, Math.ceil(q * sortedMicros.size()) - 1));
        return sortedMicros.get(index) / 1000.0;
    }
}
