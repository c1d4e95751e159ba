package io.capstan.serving.scoring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.serving.spi.DataType;
import io.capstan.serving.spi.MapSequence;
import io.capstan.serving.spi.ModelMetadata;
import io.capstan.serving.spi.ModelOutput;
import io.capstan.serving.spi.ModelRuntime;
import io.capstan.serving.spi.Tensor;
import io.capstan.serving.spi.TensorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The MLflow pyfunc rules over a fake classifier: input X FP32 [-1, 2]; outputs label INT64 [-1]
 * (the first feature rounded) and probabilities FP32 [-1, 2], optionally a ZipMap sequence too.
 * The expected bodies were read off `mlflow models serve` 3.17.2 for skl2onnx models of the same
 * shape (compat/python/test_serving.py checks them against MLflow itself).
 */
class PyfuncPredictorTest {
    private final ScoringRequests requests = new ScoringRequests();

    private static final class FakeClassifier implements ModelRuntime {
        final boolean zipMap;
        final List<Map<String, Tensor>> calls = new ArrayList<>();

        FakeClassifier(boolean zipMap) {
            this.zipMap = zipMap;
        }

        @Override
        public ModelMetadata metadata() {
            return new ModelMetadata("onnx_onnxv1", List.of(new TensorSpec("X", DataType.FP32, new long[] {-1, 2})),
                    List.of(new TensorSpec("label", DataType.INT64, new long[] {-1}),
                            new TensorSpec("probabilities", DataType.FP32, new long[] {-1, 2})));
        }

        @Override
        public Map<String, Tensor> infer(Map<String, Tensor> inputs, List<String> outputs) {
            calls.add(inputs);
            float[] x = inputs.get("X").floats();
            int rows = x.length / 2;
            long[] labels = new long[rows];
            float[] probabilities = new float[rows * 2];
            for (int i = 0; i < rows; i++) {
                labels[i] = Math.round(x[2 * i]);
                probabilities[2 * i] = 0.25f;
                probabilities[2 * i + 1] = 0.75f;
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            out.put("label", Tensor.ofLongs("label", new long[] {rows}, labels));
            out.put("probabilities", Tensor.ofFloats("probabilities", new long[] {rows, 2}, probabilities));
            return out;
        }

        @Override
        public Map<String, ModelOutput> predict(Map<String, Tensor> inputs) {
            Map<String, ModelOutput> out = new LinkedHashMap<>(infer(inputs));
            if (zipMap) {
                out.remove("probabilities");
                int rows = ((Tensor) out.get("label")).size();
                List<Map<String, Double>> maps = new ArrayList<>();
                for (int i = 0; i < rows; i++) {
                    maps.add(Map.of("0", 0.25));
                }
                out.put("output_probability", new MapSequence("output_probability", maps));
            }
            return out;
        }

        @Override
        public void close() {
        }
    }

    private String predict(ModelRuntime model, Optional<InputSchema> schema, String body) {
        ScoringInput input = requests.parse("application/json", body.replace('\'', '"').getBytes(UTF_8));
        return new PyfuncPredictor(model, schema).predict(input).toString();
    }

    private static Optional<InputSchema> tensorSignature() {
        return InputSchema.parse("[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, 2]}}]");
    }

    @Test
    void anArrayGivesADictOfNestedLists() {
        assertThat(predict(new FakeClassifier(false), Optional.empty(), "{'inputs': [[1.2, 3], [2.6, 0]]}"))
                .isEqualTo("{\"predictions\":{\"label\":[1,3],\"probabilities\":[[0.25,0.75],[0.25,0.75]]}}");
    }

    @Test
    void aFrameWithoutSignatureNeedsOutputsOfOneLength() {
        assertThatThrownBy(() -> predict(new FakeClassifier(false), Optional.empty(),
                "{'dataframe_split': {'columns': ['a','b'], 'data': [[1, 2]]}}"))
                .isInstanceOfSatisfying(CapstanException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageStartingWith(PyfuncPredictor.EVALUATION_ERROR);
    }

    @Test
    void aFrameWithoutSignatureGivesRecordsWithZipMapScores() {
        assertThat(predict(new FakeClassifier(true), Optional.empty(),
                "{'dataframe_records': [{'a': 1.0, 'b': 2}, {'a': 3.0, 'b': 4}]}"))
                .isEqualTo("{\"predictions\":[{\"label\":1,\"output_probability\":{\"0\":0.25}},"
                        + "{\"label\":3,\"output_probability\":{\"0\":0.25}}]}");
    }

    @Test
    void aFrameWithATensorSignatureBecomesOneArray() {
        assertThat(predict(new FakeClassifier(false), tensorSignature(),
                "{'dataframe_split': {'columns': ['a','b'], 'data': [[1, 2]]}}"))
                .isEqualTo("{\"predictions\":{\"label\":[1],\"probabilities\":[[0.25,0.75]]}}");
    }

    @Test
    void shapeMismatchesAreClassifiedAsMlflowDoes() {
        assertThatThrownBy(() -> predict(new FakeClassifier(false), Optional.empty(), "{'inputs': [[1, 2, 3]]}"))
                .isInstanceOfSatisfying(CapstanException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageContaining("has shape (1, 3); the model expects (-1, 2)");
        assertThatThrownBy(() -> predict(new FakeClassifier(false), tensorSignature(), "{'inputs': [[1, 2, 3]]}"))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining("Shape of input (1, 3) does not match expected shape (-1, 2)");
    }

    @Test
    void namedInputsAreRefusedForAnUnnamedTensorSignature() {
        assertThat(predict(new FakeClassifier(false), Optional.empty(), "{'inputs': {'X': [[1, 2]]}}"))
                .contains("\"label\":[1]");
        assertThatThrownBy(() -> predict(new FakeClassifier(false), tensorSignature(), "{'inputs': {'X': [[1, 2]]}}"))
                .hasMessageContaining("un-named  model signature");
        assertThatThrownBy(() -> predict(new FakeClassifier(false), Optional.empty(), "{'inputs': {'Y': [[1, 2]]}}"))
                .hasMessageContaining("the model has no input 'Y'");
    }

    @Test
    void badElementsAndRaggedArraysAreBadRequests() {
        assertThatThrownBy(() -> predict(new FakeClassifier(false), Optional.empty(), "{'inputs': [['a', 'b']]}"))
                .hasMessageContaining("could not convert string to float: 'a'");
        assertThatThrownBy(() -> predict(new FakeClassifier(false), Optional.empty(), "{'inputs': [[1, 2], [3]]}"))
                .hasMessageContaining("inhomogeneous shape");
    }

    @Test
    void integersAreTakenForFloatInputs() {
        FakeClassifier model = new FakeClassifier(false);
        predict(model, Optional.empty(), "{'instances': [[5, 3]]}");
        assertThat(model.calls.get(0).get("X").floats()).containsExactly(5f, 3f);
    }

    @Test
    void readsTheSignatureKinds() {
        assertThat(tensorSignature().orElseThrow().singleUnnamedTensor()).isTrue();
        InputSchema columns = InputSchema.parse("[{\"type\": \"double\", \"name\": \"a\"}]").orElseThrow();
        assertThat(columns.tensorBased()).isFalse();
        assertThat(columns.names()).containsExactly("a");
        assertThat(InputSchema.parse(null)).isEmpty();
        assertThatThrownBy(() -> InputSchema.parse("{oops")).hasMessageContaining("not JSON");
    }
}
