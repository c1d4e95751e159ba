package io.capstan.serving.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.serving.spi.DataType;
import io.capstan.serving.spi.MapSequence;
import io.capstan.serving.spi.ModelMetadata;
import io.capstan.serving.spi.ModelOutput;
import io.capstan.serving.spi.ModelRuntime;
import io.capstan.serving.spi.Tensor;
import io.capstan.serving.spi.TensorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrency behaviour with a fake model whose runs the test can hold at a gate: while the first
 * run is held, later requests queue, so what gets batched is decided by the test, not by timing.
 */
class DynamicBatcherTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private final List<DynamicBatcher> batchers = new ArrayList<>();

    @AfterEach
    void closeAll() {
        batchers.forEach(DynamicBatcher::close);
    }

    /**
     * Input x FP32 [-1, 2]; output sum FP32 [-1, 1] (each row's sum) and, when {@code aggregate},
     * also total FP32 [1] (the sum of everything, which cannot be split by rows). A NaN anywhere
     * is refused as INVALID_PARAMETER_VALUE. The first {@code heldRuns} runs wait at the gate.
     */
    static final class GatedModel implements ModelRuntime {
        final List<Integer> runRows = new CopyOnWriteArrayList<>();
        final CountDownLatch firstRunEntered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final boolean aggregate;
        volatile boolean closed;

        GatedModel(boolean aggregate) {
            this.aggregate = aggregate;
        }

        @Override
        public ModelMetadata metadata() {
            return new ModelMetadata("fake", List.of(new TensorSpec("x", DataType.FP32, new long[] {-1, 2})),
                    List.of(new TensorSpec("sum", DataType.FP32, new long[] {-1, 1})));
        }

        @Override
        public Map<String, Tensor> infer(Map<String, Tensor> inputs, List<String> outputs) {
            Tensor x = inputs.get("x");
            int rows = (int) x.shape()[0];
            runRows.add(rows);
            firstRunEntered.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("gate never opened");
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            float[] data = x.floats();
            float[] sums = new float[rows];
            float total = 0;
            for (int r = 0; r < rows; r++) {
                if (Float.isNaN(data[2 * r]) || Float.isNaN(data[2 * r + 1])) {
                    throw CapstanException.invalid("NaN in row %d", r);
                }
                sums[r] = data[2 * r] + data[2 * r + 1];
                total += sums[r];
            }
            Map<String, Tensor> result = new LinkedHashMap<>();
            result.put("sum", Tensor.ofFloats("sum", new long[] {rows, 1}, sums));
            if (aggregate) {
                result.put("total", Tensor.ofFloats("total", new long[] {1}, total));
            }
            return result;
        }

        @Override
        public Map<String, ModelOutput> predict(Map<String, Tensor> inputs) {
            Map<String, ModelOutput> result = new LinkedHashMap<>(infer(inputs));
            float[] sums = ((Tensor) result.get("sum")).floats();
            List<Map<String, Double>> rows = new ArrayList<>();
            for (float sum : sums) {
                rows.add(Map.of("sum", (double) sum));
            }
            result.put("maps", new MapSequence("maps", rows));
            return result;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private DynamicBatcher batcher(ModelRuntime model, BatchingConfig config, BatchListener listener) {
        DynamicBatcher batcher = new DynamicBatcher(model, config,
                r -> Thread.ofPlatform().daemon().name("batcher-test").unstarted(r), listener);
        batchers.add(batcher);
        return batcher;
    }

    /** Rows {start, start+1}, {start+2, start+3} … */
    private static Map<String, Tensor> rows(int count, float start) {
        float[] data = new float[count * 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = start + i;
        }
        return Map.of("x", Tensor.ofFloats("x", new long[] {count, 2}, data));
    }

    private static float[] expectedSums(Map<String, Tensor> inputs) {
        float[] data = inputs.get("x").floats();
        float[] sums = new float[data.length / 2];
        for (int r = 0; r < sums.length; r++) {
            sums[r] = data[2 * r] + data[2 * r + 1];
        }
        return sums;
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(1);
        }
    }

    /** Starts one request that is held in the model, so everything after it queues. */
    private CompletableFuture<Map<String, Tensor>> holdTheModel(DynamicBatcher batcher, GatedModel model)
            throws InterruptedException {
        CompletableFuture<Map<String, Tensor>> first = batcher.inferAsync(rows(1, 1000), List.of());
        assertThat(model.firstRunEntered.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    @Test
    void queuedRequestsRunAsOneBatchAndEachCallerGetsItsOwnRows() throws Exception {
        GatedModel model = new GatedModel(false);
        List<ExecutedBatch> batches = new CopyOnWriteArrayList<>();
        DynamicBatcher batcher = batcher(model, BatchingConfig.defaults(), batches::add);
        CompletableFuture<Map<String, Tensor>> first = holdTheModel(batcher, model);

        List<Map<String, Tensor>> inputs = new ArrayList<>();
        List<CompletableFuture<Map<String, Tensor>>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Tensor> request = rows(i + 1, 10 * i);
            inputs.add(request);
            answers.add(batcher.inferAsync(request, List.of()));
        }
        assertThat(batcher.stats().queueDepth()).isEqualTo(5);
        model.gate.countDown();

        first.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            Tensor sum = answers.get(i).get(10, TimeUnit.SECONDS).get("sum");
            assertThat(sum.shape()).containsExactly(i + 1, 1);
            assertThat(sum.floats()).containsExactly(expectedSums(inputs.get(i)));
        }
        assertThat(model.runRows).containsExactly(1, 1 + 2 + 3 + 4 + 5);
        // the counters move just after the callers are answered
        eventually(() -> batcher.stats().batchesExecuted() == 2);
        BatchingStats stats = batcher.stats();
        assertThat(stats.batchesExecuted()).isEqualTo(2);
        assertThat(stats.requestsExecuted()).isEqualTo(6);
        assertThat(stats.rowsExecuted()).isEqualTo(16);
        assertThat(stats.queueDepth()).isZero();
        eventually(() -> batches.size() == 2);
        assertThat(batches.get(1).requests()).isEqualTo(5);
        assertThat(batches.get(1).rows()).isEqualTo(15);
        assertThat(batches.get(1).queueWaits()).hasSize(5);
        assertThat(batches.get(1).separated()).isFalse();
    }

    @Test
    void batchesStopAtMaxBatchSizeInArrivalOrder() throws Exception {
        GatedModel model = new GatedModel(false);
        DynamicBatcher batcher = batcher(model, BatchingConfig.defaults().withMaxBatchSize(4), BatchListener.NONE);
        holdTheModel(batcher, model);
        List<CompletableFuture<Map<String, Tensor>>> answers = new ArrayList<>();
        List<Map<String, Tensor>> inputs = new ArrayList<>();
        for (int rows : new int[] {2, 1, 2, 3, 1}) {
            Map<String, Tensor> request = rows(rows, inputs.size() * 100);
            inputs.add(request);
            answers.add(batcher.inferAsync(request, List.of()));
        }
        model.gate.countDown();
        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i).get(10, TimeUnit.SECONDS).get("sum").floats())
                    .containsExactly(expectedSums(inputs.get(i)));
        }
        // 2+1, then 2 would make 5 so it waits; 2 alone, as 2+3 > 4; then 3+1
        assertThat(model.runRows).containsExactly(1, 3, 2, 4);
    }

    @Test
    void requestLargerThanMaxBatchSizeRunsAlone() throws Exception {
        GatedModel model = new GatedModel(false);
        model.gate.countDown();
        DynamicBatcher batcher = batcher(model, BatchingConfig.defaults().withMaxBatchSize(4), BatchListener.NONE);
        Map<String, Tensor> big = rows(10, 0);
        assertThat(batcher.infer(big).get("sum").floats()).containsExactly(expectedSums(big));
        assertThat(model.runRows).containsExactly(10);
    }

    @Test
    void requestsWithDifferentLayoutsAreNotCombined() throws Exception {
        ModelRuntime echo = new ModelRuntime() {
            @Override
            public ModelMetadata metadata() {
                return new ModelMetadata("fake", List.of(new TensorSpec("x", DataType.INT64, new long[] {-1, -1})),
                        List.of(new TensorSpec("x", DataType.INT64, new long[] {-1, -1})));
            }

            @Override
            public Map<String, Tensor> infer(Map<String, Tensor> inputs, List<String> outputs) {
                return Map.of("x", inputs.get("x"));
            }

            @Override
            public void close() {
            }
        };
        List<ExecutedBatch> batches = new CopyOnWriteArrayList<>();
        DynamicBatcher listened = batcher(echo, BatchingConfig.defaults().withMaxQueueDelay(Duration.ofMillis(200)),
                batches::add);
        Tensor wide = Tensor.ofLongs("x", new long[] {1, 3}, 1, 2, 3);
        Tensor narrow = Tensor.ofLongs("x", new long[] {1, 2}, 4, 5);
        CompletableFuture<Map<String, Tensor>> a = listened.inferAsync(Map.of("x", wide), List.of());
        CompletableFuture<Map<String, Tensor>> b = listened.inferAsync(Map.of("x", narrow), List.of());
        assertThat(a.get(10, TimeUnit.SECONDS).get("x")).isEqualTo(wide);
        assertThat(b.get(10, TimeUnit.SECONDS).get("x")).isEqualTo(narrow);
        eventually(() -> batches.size() == 2);
        assertThat(batches).allSatisfy(batch -> assertThat(batch.requests()).isEqualTo(1));
    }

    @Test
    void fullQueueFailsFastWithRetryAfterAndDoesNotGrow() throws Exception {
        GatedModel model = new GatedModel(false);
        DynamicBatcher batcher = batcher(model, BatchingConfig.defaults().withMaxQueueSize(2), BatchListener.NONE);
        CompletableFuture<Map<String, Tensor>> running = holdTheModel(batcher, model);
        CompletableFuture<Map<String, Tensor>> queued1 = batcher.inferAsync(rows(1, 1), List.of());
        CompletableFuture<Map<String, Tensor>> queued2 = batcher.inferAsync(rows(1, 2), List.of());

        Throwable refused = catchThrowable(() -> batcher.infer(rows(1, 3)));
        assertThat(refused).isInstanceOf(QueueFullException.class);
        QueueFullException full = (QueueFullException) refused;
        assertThat(full.code()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
        assertThat(full.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(full.retryAfter().toNanosPart()).isZero();
        assertThatThrownBy(() -> batcher.inferAsync(rows(1, 4), List.of())).isInstanceOf(QueueFullException.class);
        assertThat(batcher.stats().rejectedRequests()).isEqualTo(2);
        assertThat(batcher.stats().queueDepth()).isEqualTo(2);

        model.gate.countDown();
        running.get(10, TimeUnit.SECONDS);
        queued1.get(10, TimeUnit.SECONDS);
        queued2.get(10, TimeUnit.SECONDS);
        // room again once drained
        assertThat(batcher.infer(rows(1, 5)).get("sum").floats()).containsExactly(11f);
    }

    @Test
    void loneRequestRunsWhenTheDelayExpiresAndAFullBatchDoesNotWait() throws Exception {
        GatedModel model = new GatedModel(false);
        model.gate.countDown();
        List<ExecutedBatch> batches = new CopyOnWriteArrayList<>();
        Duration delay = Duration.ofMillis(100);
        DynamicBatcher batcher = batcher(model,
                BatchingConfig.defaults().withMaxBatchSize(3).withMaxQueueDelay(delay), batches::add);

        // alone: it waits for company for the whole delay, then runs anyway
        batcher.infer(rows(1, 0));
        eventually(() -> batches.size() == 1);
        assertThat(batches.get(0).queueWaits().get(0)).isGreaterThanOrEqualTo(delay);

        // a batch that fills up runs at once, long before a 30 s delay
        DynamicBatcher patient = batcher(model, BatchingConfig.defaults().withMaxBatchSize(3).withMaxQueueDelay(LONG),
                BatchListener.NONE);
        CompletableFuture<Map<String, Tensor>> a = patient.inferAsync(rows(1, 0), List.of());
        CompletableFuture<Map<String, Tensor>> b = patient.inferAsync(rows(2, 10), List.of());
        assertThat(a.get(10, TimeUnit.SECONDS).get("sum").floats()).containsExactly(1f);
        assertThat(b.get(10, TimeUnit.SECONDS).get("sum").floats()).containsExactly(21f, 25f);
        assertThat(model.runRows).containsExactly(1, 3);

        // and a half-full one keeps waiting within the delay
        CompletableFuture<Map<String, Tensor>> c = patient.inferAsync(rows(1, 0), List.of());
        assertThatThrownBy(() -> c.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(patient.stats().queueDepth()).isEqualTo(1);
        patient.close();
        assertThat(c.get(10, TimeUnit.SECONDS).get("sum").floats()).containsExactly(1f);
    }

    @Test
    void oneBadRequestFailsOnlyItself() throws Exception {
        GatedModel model = new GatedModel(false);
        List<ExecutedBatch> batches = new CopyOnWriteArrayList<>();
        DynamicBatcher batcher = batcher(model, BatchingConfig.defaults(), batches::add);
        holdTheModel(batcher, model);
        Map<String, Tensor> good1 = rows(2, 0);
        Map<String, Tensor> bad = Map.of("x", Tensor.ofFloats("x", new long[] {1, 2}, 1f, Float.NaN));
        Map<String, Tensor> good2 = rows(1, 7);
        CompletableFuture<Map<String, Tensor>> a = batcher.inferAsync(good1, List.of());
        CompletableFuture<Map<String, Tensor>> b = batcher.inferAsync(bad, List.of());
        CompletableFuture<Map<String, Tensor>> c = batcher.inferAsync(good2, List.of());
        model.gate.countDown();

        assertThat(a.get(10, TimeUnit.SECONDS).get("sum").floats()).containsExactly(expectedSums(good1));
        assertThat(c.get(10, TimeUnit.SECONDS).get("sum").floats()).containsExactly(expectedSums(good2));
        assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
        // held run, combined attempt, then the three alone
        assertThat(model.runRows).containsExactly(1, 4, 2, 1, 1);
        eventually(() -> batches.size() == 2);
        assertThat(batches.get(1).separated()).isTrue();
        assertThat(batcher.stats().separatedBatches()).isEqualTo(1);
    }

    @Test
    void aFailureNotCausedByOneRequestFailsTheWholeBatchWithoutReruns() throws Exception {
        List<Integer> runs = new CopyOnWriteArrayList<>();
        ModelRuntime unloading = new ModelRuntime() {
            @Override
            public ModelMetadata metadata() {
                return new GatedModel(false).metadata();
            }

            @Override
            public Map<String, Tensor> infer(Map<String, Tensor> inputs, List<String> outputs) {
                runs.add((int) inputs.get("x").shape()[0]);
                throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Model is unloaded");
            }

            @Override
            public void close() {
            }
        };
        // two requests fill a batch of two, so they run together at once despite the long delay
        DynamicBatcher batcher = batcher(unloading, BatchingConfig.defaults().withMaxBatchSize(2).withMaxQueueDelay(LONG),
                BatchListener.NONE);
        CompletableFuture<Map<String, Tensor>> a = batcher.inferAsync(rows(1, 0), List.of());
        CompletableFuture<Map<String, Tensor>> b = batcher.inferAsync(rows(1, 2), List.of());
        for (CompletableFuture<Map<String, Tensor>> answer : List.of(a, b)) {
            assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(CapstanException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE));
        }
        assertThat(runs).containsExactly(2);
    }

    @Test
    void blockingInferRethrowsTheModelsErrorCode() {
        GatedModel model = new GatedModel(false);
        model.gate.countDown();
        DynamicBatcher batcher = batcher(model, BatchingConfig.defaults(), BatchListener.NONE);
        assertThatThrownBy(() -> batcher.infer(Map.of("x", Tensor.ofFloats("x", new long[] {1, 2}, Float.NaN, 0f))))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining("NaN");
    }

    @Test
    void outputsThatCannotBeCutByRowsMakeEachCallerRunAlone() throws Exception {
        GatedModel model = new GatedModel(true);
        DynamicBatcher batcher = batcher(model, BatchingConfig.defaults(), BatchListener.NONE);
        holdTheModel(batcher, model);
        Map<String, Tensor> first = rows(2, 0);
        Map<String, Tensor> second = rows(1, 5);
        CompletableFuture<Map<String, Tensor>> a = batcher.inferAsync(first, List.of());
        CompletableFuture<Map<String, Tensor>> b = batcher.inferAsync(second, List.of());
        model.gate.countDown();

        Map<String, Tensor> answerA = a.get(10, TimeUnit.SECONDS);
        Map<String, Tensor> answerB = b.get(10, TimeUnit.SECONDS);
        assertThat(answerA.get("total").floats()).containsExactly(0 + 1 + 2 + 3);
        assertThat(answerB.get("total").floats()).containsExactly(5 + 6);
        assertThat(answerA.keySet()).containsExactly("sum", "total");
        assertThat(model.runRows).containsExactly(1, 3, 2, 1);
        eventually(() -> batcher.stats().separatedBatches() == 1);
    }

    @Test
    void predictBatchesAndCutsSequencesOfMapsToo() throws Exception {
        GatedModel model = new GatedModel(false);
        DynamicBatcher batcher = batcher(model, BatchingConfig.defaults(), BatchListener.NONE);
        holdTheModel(batcher, model);
        List<CompletableFuture<Map<String, ModelOutput>>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int start = i * 10;
            CompletableFuture<Map<String, ModelOutput>> answer = new CompletableFuture<>();
            Thread.ofPlatform().daemon().start(() -> answer.complete(batcher.predict(rows(2, start))));
            answers.add(answer);
        }
        eventually(() -> batcher.stats().queueDepth() == 3);
        model.gate.countDown();
        for (int i = 0; i < 3; i++) {
            Map<String, ModelOutput> answer = answers.get(i).get(10, TimeUnit.SECONDS);
            assertThat(answer.keySet()).containsExactly("sum", "maps");
            MapSequence maps = (MapSequence) answer.get("maps");
            float base = i * 10;
            assertThat(maps.rows()).containsExactly(Map.of("sum", (double) (2 * base + 1)),
                    Map.of("sum", (double) (2 * base + 5)));
        }
        assertThat(model.runRows).containsExactly(1, 6);
    }

    @Test
    void blockedCallersAreAnsweredInTheirOwnThreads() throws Exception {
        GatedModel model = new GatedModel(false);
        DynamicBatcher batcher = batcher(model, BatchingConfig.defaults(), BatchListener.NONE);
        holdTheModel(batcher, model);
        int callers = 8;
        List<Thread> threads = new ArrayList<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < callers; i++) {
            int start = i * 3;
            threads.add(Thread.ofPlatform().start(() -> {
                Map<String, Tensor> request = rows(1, start);
                float[] sums = batcher.infer(request).get("sum").floats();
                if (!java.util.Arrays.equals(sums, expectedSums(request))) {
                    failures.add("caller " + start + " got " + java.util.Arrays.toString(sums));
                }
            }));
        }
        eventually(() -> batcher.stats().queueDepth() == callers);
        model.gate.countDown();
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertThat(failures).isEmpty();
        assertThat(model.runRows).containsExactly(1, callers);
    }

    @Test
    void closeAnswersWhatIsQueuedWithoutWaitingForTheDelayThenRefuses() throws Exception {
        GatedModel model = new GatedModel(false);
        model.gate.countDown();
        DynamicBatcher batcher = batcher(model, BatchingConfig.defaults().withMaxQueueDelay(LONG), BatchListener.NONE);
        CompletableFuture<Map<String, Tensor>> a = batcher.inferAsync(rows(1, 1), List.of());
        CompletableFuture<Map<String, Tensor>> b = batcher.inferAsync(rows(2, 2), List.of());
        assertThat(batcher.stats().queueDepth()).isEqualTo(2);

        long start = System.nanoTime();
        batcher.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LONG);
        assertThat(a.getNow(null).get("sum").floats()).containsExactly(3f);
        assertThat(b.getNow(null).get("sum").floats()).containsExactly(5f, 9f);
        assertThat(model.runRows).containsExactly(3);
        assertThat(model.closed).isTrue();
        assertThatThrownBy(() -> batcher.infer(rows(1, 0)))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE));
        batcher.close();
    }

    @Test
    void aListenerThatThrowsDoesNotBreakServing() {
        GatedModel model = new GatedModel(false);
        model.gate.countDown();
        DynamicBatcher batcher = batcher(model, BatchingConfig.defaults(), batch -> {
            throw new IllegalStateException("broken metrics");
        });
        assertThat(batcher.infer(rows(1, 1)).get("sum").floats()).containsExactly(3f);
        assertThat(batcher.infer(rows(1, 2)).get("sum").floats()).containsExactly(5f);
    }

    @Test
    void modelWithoutADynamicFirstDimensionIsNeverCombined() throws Exception {
        List<Integer> runs = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        ModelRuntime fixed = new ModelRuntime() {
            @Override
            public ModelMetadata metadata() {
                return new ModelMetadata("fake", List.of(new TensorSpec("x", DataType.FP32, new long[] {1, 2})),
                        List.of(new TensorSpec("y", DataType.FP32, new long[] {1, 2})));
            }

            @Override
            public Map<String, Tensor> infer(Map<String, Tensor> inputs, List<String> outputs) {
                runs.add((int) inputs.get("x").shape()[0]);
                entered.countDown();
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return Map.of("y", new Tensor("y", DataType.FP32, new long[] {1, 2}, inputs.get("x").floats()));
            }

            @Override
            public void close() {
            }
        };
        DynamicBatcher batcher = batcher(fixed, BatchingConfig.defaults(), BatchListener.NONE);
        List<CompletableFuture<Map<String, Tensor>>> answers = new ArrayList<>();
        answers.add(batcher.inferAsync(rows(1, 0), List.of()));
        entered.await(10, TimeUnit.SECONDS);
        answers.add(batcher.inferAsync(rows(1, 2), List.of()));
        answers.add(batcher.inferAsync(rows(1, 4), List.of()));
        gate.countDown();
        for (int i = 0; i < 3; i++) {
            assertThat(answers.get(i).get(10, TimeUnit.SECONDS).get("y").floats())
                    .containsExactly(2f * i, 2f * i + 1);
        }
        assertThat(runs).containsExactly(1, 1, 1);
    }

    @Test
    void configDefaultsAndValidation() {
        BatchingConfig defaults = BatchingConfig.defaults();
        assertThat(defaults.maxBatchSize()).isEqualTo(32);
        assertThat(defaults.maxQueueDelay()).isEqualTo(Duration.ZERO);
        assertThat(defaults.maxQueueSize()).isEqualTo(128);
        assertThatThrownBy(() -> new BatchingConfig(0, Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchingConfig(1, Duration.ofMillis(-1), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchingConfig(1, Duration.ofMinutes(2), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchingConfig(1, Duration.ZERO, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchingConfig(1, null, 1)).isInstanceOf(NullPointerException.class);
    }
}
