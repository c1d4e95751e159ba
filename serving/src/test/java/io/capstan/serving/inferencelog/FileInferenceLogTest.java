package io.capstan.serving.inferencelog;

import static io.capstan.serving.inferencelog.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.core.IdGenerator;
import io.capstan.serving.spi.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileInferenceLogTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456Z");
    private static final ThreadFactory THREADS = r -> Thread.ofPlatform().daemon().name("inference-log").unstarted(r);

    @TempDir
    Path dir;

    private final List<FileInferenceLog> logs = new ArrayList<>();

    @AfterEach
    void closeAll() {
        logs.forEach(FileInferenceLog::close);
    }

    private FileInferenceLog open(FileInferenceLogConfig config) {
        FileInferenceLog log = new FileInferenceLog(config, THREADS);
        logs.add(log);
        return log;
    }

    private static List<InferenceRecord> readAll(InferenceLog log) {
        try (Stream<InferenceRecord> records = log.read(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))) {
            return records.toList();
        }
    }

    @Test
    void recordsRoundTripExactlyWithEveryDatatype() {
        FileInferenceLog log = open(FileInferenceLogConfig.defaults(dir));
        InferenceRecord everything = new InferenceRecord("0123456789abcdef0123456789abcdef", T0, "taxi", "12", null,
                List.of(
                        Tensor.ofFloats("f32", new long[] {2, 3}, 0.1f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY,
                                Float.MIN_VALUE, 3.4028235e38f),
                        Tensor.ofDoubles("f64", new long[] {3}, 0.1, Double.NEGATIVE_INFINITY, 4.9e-324),
                        Tensor.ofInts("i32", new long[] {2}, Integer.MIN_VALUE, Integer.MAX_VALUE),
                        Tensor.ofLongs("i64", new long[] {2}, Long.MIN_VALUE, Long.MAX_VALUE),
                        Tensor.ofBooleans("b", new long[] {1, 2}, true, false),
                        Tensor.ofBytes("s", new long[] {2}, "héllo".getBytes(StandardCharsets.UTF_8),
                                "\"quoted\"\n".getBytes(StandardCharsets.UTF_8)),
                        Tensor.ofFloats("scalar", new long[] {}, 7f)),
                List.of(Tensor.ofLongs("label", new long[] {0}, new long[0])),
                0, InferenceRecord.OK);
        InferenceRecord failure = new InferenceRecord("ffff", T0.plusMillis(1), "taxi", "12", "taxi-canary",
                List.of(Tensor.ofFloats("f32", new long[] {1}, 1f)), List.of(), 1_234_567,
                InferenceRecord.status(ErrorCode.INVALID_PARAMETER_VALUE));

        assertThat(log.append(everything)).isEqualTo(AppendOutcome.WRITTEN);
        assertThat(log.append(failure)).isEqualTo(AppendOutcome.WRITTEN);

        assertThat(readAll(log)).containsExactly(everything, failure);
        assertThat(log.stats()).isEqualTo(new InferenceLogStats(2, 0, 0, 0, 0));
    }

    @Test
    void eachLineIsOneJsonObjectWithTheDocumentedFields() throws Exception {
        FileInferenceLog log = open(FileInferenceLogConfig.defaults(dir));
        log.append(record("abc", T0));
        List<String> lines = Files.readAllLines(dir.resolve("inference-20250301-10.jsonl"));
        assertThat(lines).containsExactly("{\"request_id\":\"abc\",\"timestamp\":\"2025-03-01T10:15:30.123456Z\","
                + "\"model_name\":\"iris\",\"model_version\":\"3\",\"deployment_name\":\"iris-prod\","
                + "\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[0.5,-1.25]}],"
                + "\"outputs\":[{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[0.25,0.75]}],"
                + "\"latency_us\":812,\"status\":\"OK\"}");
    }

    @Test
    void filesRotateByTheRecordsHourAndReadsSelectATimeRange() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:59:59.998Z"));
        RequestStamps stamps = new RequestStamps(IdGenerator.fromRandom(new Random(1)), clock);
        FileInferenceLog log = open(FileInferenceLogConfig.defaults(dir));
        List<InferenceRecord> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RequestStamps.RequestStamp stamp = stamps.next();
            records.add(record(stamp.requestId(), stamp.timestamp()));
            assertThat(log.append(records.get(i))).isEqualTo(AppendOutcome.WRITTEN);
            clock.advance(Duration.ofMillis(1));
        }
        // a late record for the previous hour goes to that hour's file
        InferenceRecord late = record("late", Instant.parse("2025-03-01T10:59:59.999999Z"));
        log.append(late);
        clock.advance(Duration.ofDays(1));
        InferenceRecord nextDay = record(stamps.next().requestId(), clock.instant());
        log.append(nextDay);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("inference-20250301-10.jsonl", "inference-20250301-11.jsonl",
                            "inference-20250302-11.jsonl");
        }
        assertThat(Files.readAllLines(dir.resolve("inference-20250301-10.jsonl"))).hasSize(3);
        assertThat(readAll(log)).containsExactly(records.get(0), records.get(1), late, records.get(2),
                records.get(3), records.get(4), records.get(5), nextDay);
        try (Stream<InferenceRecord> hour = log.read(Instant.parse("2025-03-01T11:00:00Z"),
                Instant.parse("2025-03-01T11:00:00.002Z"))) {
            assertThat(hour).containsExactly(records.get(2), records.get(3));
        }
        try (Stream<InferenceRecord> none = log.read(Instant.parse("2025-03-03T00:00:00Z"),
                Instant.parse("2025-03-04T00:00:00Z"))) {
            assertThat(none).isEmpty();
        }
    }

    @Test
    void dailyRotationNamesOneFilePerDayAndReadersReadBothNamings() throws Exception {
        FileInferenceLog hourly = open(FileInferenceLogConfig.defaults(dir));
        hourly.append(record("a", T0));
        hourly.close();
        FileInferenceLog daily = open(FileInferenceLogConfig.defaults(dir).withRotation(Rotation.DAILY));
        daily.append(record("b", T0.plusSeconds(3600)));
        daily.append(record("c", T0.plusSeconds(7200)));
        assertThat(Files.readAllLines(dir.resolve("inference-20250301.jsonl"))).hasSize(2);
        assertThat(readAll(daily)).extracting(InferenceRecord::requestId).containsExactly("b", "c", "a");
        assertThat(Rotation.parse("inference-20250301-24.jsonl")).isEmpty();
        assertThat(Rotation.parse("inference-20250230.jsonl")).isEmpty();
        assertThat(Rotation.parse("other.jsonl")).isEmpty();
    }

    @Test
    void samplingIsADeterministicFunctionOfTheRequestId() {
        // the same values as the documented function computed in Python
        assertThat(RequestSampler.fraction("")).isEqualTo(0.9576734252420561);
        assertThat(RequestSampler.fraction("a")).isEqualTo(0.010753497314070604);
        assertThat(RequestSampler.fraction("0123456789abcdef0123456789abcdef")).isEqualTo(0.8209760496471201);
        assertThat(RequestSampler.fraction("req-1")).isEqualTo(0.039680585998704165);

        RequestSampler sampler = new RequestSampler(0.3);
        IdGenerator ids = IdGenerator.fromRandom(new Random(5));
        int kept = 0;
        for (int i = 0; i < 20_000; i++) {
            String id = ids.hex32();
            boolean decision = sampler.sampled(id);
            assertThat(new RequestSampler(0.3).sampled(id)).isEqualTo(decision);
            // a request kept at a lower rate is kept at every higher rate
            if (new RequestSampler(0.1).sampled(id)) {
                assertThat(decision).isTrue();
            }
            kept += decision ? 1 : 0;
        }
        assertThat(kept / 20_000.0).isBetween(0.28, 0.32);
        assertThat(new RequestSampler(0).sampled("a")).isFalse();
        assertThat(RequestSampler.ALL.sampled("")).isTrue();
        assertThatThrownBy(() -> new RequestSampler(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestSampler(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLogKeepsExactlyTheSampledRequests() {
        RequestSampler sampler = new RequestSampler(0.5);
        FileInferenceLog log = open(FileInferenceLogConfig.defaults(dir).withSampler(sampler));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "req-" + i;
            AppendOutcome outcome = log.append(record(id, T0.plusMillis(i)));
            assertThat(outcome).isEqualTo(sampler.sampled(id) ? AppendOutcome.WRITTEN : AppendOutcome.SAMPLED_OUT);
            if (sampler.sampled(id)) {
                expected.add(id);
            }
        }
        assertThat(readAll(log)).extracting(InferenceRecord::requestId).containsExactlyElementsOf(expected);
        assertThat(log.stats().sampledOut()).isEqualTo(200 - expected.size());
        assertThat(expected).contains("req-1").doesNotContain("req-3");
    }

    @Test
    void aTornLastLineIsSkippedByReadersAndCutBeforeTheNextAppend() throws Exception {
        FileInferenceLog log = open(FileInferenceLogConfig.defaults(dir));
        log.append(record("a", T0));
        log.append(record("b", T0));
        log.close();
        Path file = dir.resolve("inference-20250301-10.jsonl");
        byte[] intact = Files.readAllBytes(file);
        Files.writeString(file, "{\"request_id\":\"torn\",\"timest", StandardOpenOption.APPEND);

        assertThat(readAll(log)).extracting(InferenceRecord::requestId).containsExactly("a", "b");

        FileInferenceLog reopened = open(FileInferenceLogConfig.defaults(dir));
        reopened.append(record("c", T0));
        assertThat(readAll(reopened)).extracting(InferenceRecord::requestId).containsExactly("a", "b", "c");
        String text = Files.readString(file);
        assertThat(text).startsWith(new String(intact, StandardCharsets.UTF_8)).doesNotContain("torn").endsWith("}\n");
    }

    @Test
    void aCompleteButUnparsableLastLineIsSkippedAndCorruptionInTheMiddleFails() throws Exception {
        FileInferenceLog log = open(FileInferenceLogConfig.defaults(dir));
        log.append(record("a", T0));
        log.close();
        Path file = dir.resolve("inference-20250301-10.jsonl");
        Files.writeString(file, "{\"request_id\":\n", StandardOpenOption.APPEND);
        assertThat(readAll(log)).extracting(InferenceRecord::requestId).containsExactly("a");

        Files.writeString(file, new String(new InferenceRecordJson().line(record("b", T0)), StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        assertThatThrownBy(() -> readAll(log))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR))
                .hasMessageContaining("line 2");
    }

    @Test
    void aFullQueueDropsAfterTheTimeoutAndCountsIt() throws Exception {
        CountDownLatch writerMayStart = new CountDownLatch(1);
        ThreadFactory heldWriter = r -> Thread.ofPlatform().daemon().unstarted(() -> {
            try {
                writerMayStart.await();
            } catch (InterruptedException e) {
                return;
            }
            r.run();
        });
        FileInferenceLogConfig config = FileInferenceLogConfig.defaults(dir)
                .withDurability(Durability.ASYNC)
                .withQueue(2, Duration.ofMillis(20));
        FileInferenceLog log = new FileInferenceLog(config, heldWriter);
        logs.add(log);
        assertThat(log.append(record("a", T0))).isEqualTo(AppendOutcome.QUEUED);
        assertThat(log.append(record("b", T0))).isEqualTo(AppendOutcome.QUEUED);
        assertThat(log.append(record("c", T0))).isEqualTo(AppendOutcome.DROPPED);
        assertThat(log.stats().dropped()).isEqualTo(1);
        assertThat(log.stats().queueDepth()).isEqualTo(2);

        writerMayStart.countDown();
        log.close();
        assertThat(readAll(log)).extracting(InferenceRecord::requestId).containsExactly("a", "b");
        assertThat(log.stats().written()).isEqualTo(2);
        assertThatThrownBy(() -> log.append(record("d", T0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void concurrentSyncAppendsAreAllDurableAndReadable() throws Exception {
        FileInferenceLog log = open(FileInferenceLogConfig.defaults(dir));
        int threads = 8;
        int perThread = 100;
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    AppendOutcome outcome = log.append(record("t" + worker + "-" + i, T0));
                    if (outcome != AppendOutcome.WRITTEN) {
                        failures.add(worker + "/" + i + ": " + outcome);
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(failures).isEmpty();
        List<InferenceRecord> records = readAll(log);
        assertThat(records).hasSize(threads * perThread);
        assertThat(records).extracting(InferenceRecord::requestId).doesNotHaveDuplicates();
    }

    @Test
    void configDefaultsAreSyncHourlyKeepAll() {
        FileInferenceLogConfig config = FileInferenceLogConfig.defaults(dir);
        assertThat(config.rotation()).isEqualTo(Rotation.HOURLY);
        assertThat(config.sampler()).isEqualTo(RequestSampler.ALL);
        assertThat(config.durability()).isEqualTo(Durability.SYNC);
        assertThat(config.queueCapacity()).isEqualTo(4096);
        assertThat(config.enqueueTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThatThrownBy(() -> config.withQueue(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withQueue(1, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InferenceRecord("x", T0, "m", "1", null, List.of(), List.of(), 0, "FINE"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InferenceRecord(" ", T0, "m", "1", null, List.of(), List.of(), 0, "OK"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
