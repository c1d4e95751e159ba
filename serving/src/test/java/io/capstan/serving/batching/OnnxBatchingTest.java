package io.capstan.serving.batching;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import io.capstan.serving.onnx.OnnxModelRuntime;
import io.capstan.serving.onnx.OnnxSessionConfig;
import io.capstan.serving.spi.Tensor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

/**
 * With the real ONNX Runtime, a batched answer must equal, bit for bit, what the same runtime
 * answers for the caller's rows alone.
 */
class OnnxBatchingTest {
    private static final String[] FEATURES = {"x0", "x1"};

    @TempDir
    Path dir;

    private Path exportModel() throws Exception {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory), factory);
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            data.add(new ArrayExample<>(new Label(a - b > 0.1 ? "pos" : "neg"), FEATURES, new double[] {a, b}));
        }
        Model<Label> model = new LogisticRegressionTrainer().train(data);
        Path file = dir.resolve("model.onnx");
        ((ONNXExportable) model).saveONNXModel("io.capstan.test", 1, file);
        return file;
    }

    @Test
    void batchedAnswersEqualUnbatchedOnesExactly() throws Exception {
        OnnxModelRuntime runtime = OnnxModelRuntime.load(OrtEnvironment.getEnvironment(), exportModel(),
                OnnxSessionConfig.forProcessors(2));
        String input = runtime.metadata().inputs().get(0).name();
        Random random = new Random(11);
        int callers = 40;
        List<Map<String, Tensor>> requests = new ArrayList<>();
        List<Map<String, Tensor>> expected = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            int rows = 1 + random.nextInt(4);
            float[] values = new float[rows * 2];
            for (int v = 0; v < values.length; v++) {
                values[v] = (float) (random.nextGaussian() * 3);
            }
            Map<String, Tensor> request = Map.of(input, Tensor.ofFloats(input, new long[] {rows, 2}, values));
            requests.add(request);
            expected.add(runtime.infer(request));
        }

        List<ExecutedBatch> batches = new CopyOnWriteArrayList<>();
        // a long delay and a batch size the callers overfill: batches form by size, not by luck
        BatchingConfig config = new BatchingConfig(16, Duration.ofSeconds(2), 64);
        try (DynamicBatcher batcher = new DynamicBatcher(runtime, config,
                r -> Thread.ofPlatform().daemon().name("onnx-batcher").unstarted(r), batches::add)) {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Map<String, Tensor>>> answers = new ArrayList<>();
            for (Map<String, Tensor> request : requests) {
                CompletableFuture<Map<String, Tensor>> answer = new CompletableFuture<>();
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        start.await();
                        answer.complete(batcher.infer(request));
                    } catch (Throwable e) {
                        answer.completeExceptionally(e);
                    }
                });
                answers.add(answer);
            }
            start.countDown();
            for (int i = 0; i < callers; i++) {
                assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).as("caller %d", i).isEqualTo(expected.get(i));
            }
            int totalRows = requests.stream().mapToInt(r -> (int) r.get(input).shape()[0]).sum();
            // a batch is counted just after its callers are answered (BatchingStats)
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (batcher.stats().requestsExecuted() < callers && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            BatchingStats stats = batcher.stats();
            assertThat(stats.requestsExecuted()).isEqualTo(callers);
            assertThat(stats.rowsExecuted()).isEqualTo(totalRows);
            assertThat(stats.batchesExecuted()).isLessThan(callers);
            assertThat(stats.separatedBatches()).isZero();
            assertThat(batches).anySatisfy(batch -> assertThat(batch.requests()).isGreaterThan(1));
            assertThat(batches).allSatisfy(batch -> assertThat(batch.rows()).isLessThanOrEqualTo(16));
        }
    }
}
