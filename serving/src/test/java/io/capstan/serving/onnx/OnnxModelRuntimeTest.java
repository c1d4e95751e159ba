package io.capstan.serving.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.serving.spi.DataType;
import io.capstan.serving.spi.ModelMetadata;
import io.capstan.serving.spi.Tensor;
import io.capstan.serving.spi.TensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Differential test against the anchor: a logistic regression trained and exported by Tribuo must
 * give the same probabilities in {@link OnnxModelRuntime} as in Tribuo itself.
 */
class OnnxModelRuntimeTest {
    private static final String[] FEATURES = {"x0", "x1"};

    @TempDir
    static Path dir;

    static Model<Label> tribuo;
    static OnnxModelRuntime runtime;

    @BeforeAll
    static void trainAndExport() throws Exception {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("synthetic", factory), factory);
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            String label = a + 2 * b > 0.3 ? "pos" : "neg";
            data.add(new ArrayExample<>(new Label(label), FEATURES, new double[] {a, b}));
        }
        tribuo = new LogisticRegressionTrainer().train(data);
        Path file = dir.resolve("model.onnx");
        ((ONNXExportable) tribuo).saveONNXModel("io.capstan.test", 1, file);
        assertThat(Files.size(file)).isPositive();
        runtime = OnnxModelRuntime.load(OrtEnvironment.getEnvironment(), file,
                OnnxSessionConfig.forProcessors(2));
    }

    @AfterAll
    static void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void metadataDescribesTheExportedSignature() {
        ModelMetadata metadata = runtime.metadata();
        assertThat(metadata.platform()).isEqualTo("onnx_onnxv1");
        assertThat(metadata.inputs()).containsExactly(
                new TensorSpec("input", DataType.FP32, new long[] {-1, 2}));
        assertThat(metadata.outputs()).hasSize(1);
        TensorSpec output = metadata.outputs().get(0);
        assertThat(output.datatype()).isEqualTo(DataType.FP32);
        assertThat(output.shape()).containsExactly(-1, 2);
    }

    @Test
    void predictionsEqualTribuos() {
        double[][] rows = {{1, 1}, {-1, -1}, {0.5, -0.2}, {0, 0}, {-2.5, 1.7}, {3, -1}};
        float[] flat = new float[rows.length * 2];
        for (int r = 0; r < rows.length; r++) {
            for (String feature : FEATURES) {
                int column = tribuo.getFeatureIDMap().getID(feature);
                flat[r * 2 + column] = (float) rows[r][feature.equals("x0") ? 0 : 1];
            }
        }
        Map<String, Tensor> outputs = runtime.infer(
                Map.of("input", Tensor.ofFloats("input", new long[] {rows.length, 2}, flat)));

        String outputName = runtime.metadata().outputs().get(0).name();
        assertThat(outputs).containsOnlyKeys(outputName);
        Tensor probabilities = outputs.get(outputName);
        assertThat(probabilities.shape()).containsExactly(rows.length, 2);
        for (int r = 0; r < rows.length; r++) {
            Prediction<Label> expected = tribuo.predict(
                    new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, FEATURES, rows[r]));
            for (Label label : expected.getOutputScores().values()) {
                int column = tribuo.getOutputIDInfo().getID(label);
                assertThat((double) probabilities.floats()[r * 2 + column])
                        .as("row %d label %s", r, label.getLabel())
                        .isCloseTo(label.getScore(), within(1e-6));
            }
        }
    }

    @Test
    void answersTheSameFromManyThreads() throws Exception {
        Tensor one = Tensor.ofFloats("input", new long[] {1, 2}, 0.3f, -0.7f);
        float[] expected = runtime.infer(Map.of("input", one)).values().iterator().next().floats();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(
                        () -> runtime.infer(Map.of("input", one)).values().iterator().next().floats()));
            }
            for (Future<float[]> result : results) {
                assertThat(result.get()).containsExactly(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void requestedOutputsAreChecked() {
        Map<String, Tensor> in = Map.of("input", Tensor.ofFloats("input", new long[] {1, 2}, 1, 2));
        String name = runtime.metadata().outputs().get(0).name();
        assertThat(runtime.infer(in, List.of(name))).containsOnlyKeys(name);
        assertInvalid(() -> runtime.infer(in, List.of("nope")), "Unknown output 'nope'");
    }

    @Test
    void refusesMissingInput() {
        assertInvalid(() -> runtime.infer(Map.of()), "Missing input 'input'");
    }

    @Test
    void refusesUnknownInput() {
        assertInvalid(() -> runtime.infer(Map.of(
                        "input", Tensor.ofFloats("input", new long[] {1, 2}, 1, 2),
                        "extra", Tensor.ofFloats("extra", new long[] {1}, 1))),
                "Unknown input 'extra'");
    }

    @Test
    void refusesWrongDatatype() {
        assertInvalid(() -> runtime.infer(Map.of("input", Tensor.ofDoubles("input", new long[] {1, 2}, 1, 2))),
                "Input 'input' must be FP32, got FP64");
    }

    @Test
    void refusesWrongRank() {
        assertInvalid(() -> runtime.infer(Map.of("input", Tensor.ofFloats("input", new long[] {2}, 1, 2))),
                "Input 'input' has shape [2]; the model expects [-1, 2]");
    }

    @Test
    void refusesWrongFixedDimension() {
        assertInvalid(() -> runtime.infer(Map.of("input", Tensor.ofFloats("input", new long[] {1, 3}, 1, 2, 3))),
                "Input 'input' has shape [1, 3]");
    }

    @Test
    void closedRuntimeIsUnavailable() throws Exception {
        Path file = dir.resolve("copy.onnx");
        ((ONNXExportable) tribuo).saveONNXModel("io.capstan.test", 1, file);
        OnnxModelRuntime second = OnnxModelRuntime.load(OrtEnvironment.getEnvironment(), file,
                new OnnxSessionConfig(1, 1, false));
        second.close();
        second.close();
        assertThatThrownBy(() -> second.infer(Map.of("input", Tensor.ofFloats("input", new long[] {1, 2}, 1, 2))))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE));
    }

    @Test
    void garbageFileIsAClientError() throws Exception {
        Path file = dir.resolve("garbage.onnx");
        Files.writeString(file, "not a model");
        assertThatThrownBy(() -> OnnxModelRuntime.load(OrtEnvironment.getEnvironment(), file,
                        OnnxSessionConfig.forProcessors(8)))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining("Cannot load ONNX model 'garbage.onnx'");
    }

    @Test
    void sessionOptionsAreSizedForSmallMachines() throws Exception {
        assertThat(OnnxSessionConfig.forProcessors(1)).isEqualTo(new OnnxSessionConfig(1, 1, false));
        assertThat(OnnxSessionConfig.forProcessors(2)).isEqualTo(new OnnxSessionConfig(1, 1, false));
        assertThat(OnnxSessionConfig.forProcessors(16)).isEqualTo(new OnnxSessionConfig(2, 1, false));
        try (OrtSession.SessionOptions options = OnnxModelRuntime.sessionOptions(OnnxSessionConfig.forProcessors(2))) {
            assertThat(options.getConfigEntries())
                    .containsEntry("session.intra_op.allow_spinning", "0")
                    .containsEntry("session.inter_op.allow_spinning", "0");
        }
        assertThatThrownBy(() -> new OnnxSessionConfig(0, 1, false)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertInvalid(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining(message);
    }
}
