package io.capstan.serving.xgboost;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.serving.spi.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XgboostModelRuntimeTest {
    @TempDir
    Path dir;

    private Path train(String objective, int classes) throws Exception {
        Random random = new Random(5);
        int rows = 200;
        float[] x = new float[rows * 3];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < 3; c++) {
                x[r * 3 + c] = (float) random.nextGaussian();
            }
            y[r] = classes > 1 ? Math.floorMod((int) (x[r * 3] * 2), classes) : x[r * 3] * 3 + 10;
        }
        DMatrix train = new DMatrix(x, rows, 3, Float.NaN);
        train.setLabel(y);
        Map<String, Object> params = new HashMap<>();
        params.put("objective", objective);
        if (classes > 2) {
            params.put("num_class", classes);
        }
        Booster booster = XGBoost.train(train, params, 10, Map.of(), null, null);
        Path file = dir.resolve(objective.replace(':', '_') + ".ubj");
        booster.saveModel(file.toString());
        return file;
    }

    @Test
    void aClassifierAnswersLabelsAndProbabilities() throws Exception {
        try (XgboostModelRuntime runtime = XgboostModelRuntime.load(train("multi:softprob", 3),
                "xgboost.sklearn.XGBClassifier")) {
            assertThat(runtime.metadata().outputs()).extracting(s -> s.name()).containsExactly("label", "probabilities");
            Map<String, Tensor> out = runtime.infer(Map.of("input", Tensor.ofFloats("input", new long[] {2, 3},
                    1f, 0f, 0f, -1f, 0f, 0f)));
            float[] p = out.get("probabilities").floats();
            assertThat(p).hasSize(6);
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
            long label = out.get("label").longs()[0];
            assertThat(p[(int) label]).isEqualTo(Math.max(p[0], Math.max(p[1], p[2])));
        }
    }

    @Test
    void aRegressorAnswersPredictionsAndRefusesBadShapes() throws Exception {
        try (XgboostModelRuntime runtime = XgboostModelRuntime.load(train("reg:squarederror", 1),
                "xgboost.sklearn.XGBRegressor")) {
            Map<String, Tensor> out = runtime.infer(Map.of("input", Tensor.ofDoubles("input", new long[] {1, 3},
                    0, 0, 0)));
            assertThat(out.get("predictions").shape()).containsExactly(1);
            assertThatThrownBy(() -> runtime.infer(Map.of("input", Tensor.ofFloats("input", new long[] {1, 2}, 0, 0))))
                    .hasMessageContaining("expects [-1, 3]");
            assertThatThrownBy(() -> runtime.infer(Map.of("x", Tensor.ofFloats("x", new long[] {1, 3}, 0, 0, 0))))
                    .hasMessageContaining("one input 'input'");
        }
    }

    @Test
    void readsTheInterceptNewerXgboostWritesAsAVector() {
        ByteArrayOutputStream ubj = new ByteArrayOutputStream();
        ubj.writeBytes("{Lxx".getBytes(US_ASCII));
        ubj.writeBytes("base_score".getBytes(US_ASCII));
        ubj.writeBytes(new byte[] {'S', 'L', 0, 0, 0, 0, 0, 0, 0, 13});
        ubj.writeBytes("[1.5213348E2]".getBytes(US_ASCII));
        assertThat(XgboostModelRuntime.fileBaseScore(ubj.toByteArray())).isEqualTo("[1.5213348E2]");
        assertThat(XgboostModelRuntime.fileBaseScore(
                "{\"learner_model_param\":{\"base_score\":\"[5E-1,5E-1]\",\"num_class\":\"2\"}}".getBytes(US_ASCII)))
                .isEqualTo("[5E-1,5E-1]");
        assertThat(XgboostModelRuntime.fileBaseScore("{}".getBytes(US_ASCII))).isNull();
    }

    @Test
    void aFileXgboostCannotReadIsAClientError() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.ubj"), "not a model");
        assertThatThrownBy(() -> XgboostModelRuntime.load(junk, null)).hasMessageContaining("Cannot load XGBoost model");
    }
}
