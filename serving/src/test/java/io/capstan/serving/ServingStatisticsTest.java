package io.capstan.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.serving.ServingStatistics.Batch;
import io.capstan.serving.ServingStatistics.DurationStat;
import io.capstan.serving.ServingStatistics.ModelStatistics;
import io.capstan.serving.scoring.InputSchema;
import io.capstan.serving.scoring.PyfuncPredictor;
import io.capstan.serving.spi.ModelMetadata;
import io.capstan.serving.spi.ModelOutput;
import io.capstan.serving.spi.ModelRuntime;
import io.capstan.serving.spi.Tensor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServingStatisticsTest {
    private static final ModelRuntime NOTHING = new ModelRuntime() {
        @Override
        public ModelMetadata metadata() {
            return new ModelMetadata("onnx", List.of(), List.of());
        }

        @Override
        public Map<String, Tensor> infer(Map<String, Tensor> inputs, List<String> outputs) {
            return Map.of();
        }

        @Override
        public Map<String, ModelOutput> predict(Map<String, Tensor> inputs) {
            return Map.of();
        }

        @Override
        public void close() {
        }
    };

    private static ServedModel served(String deployment, String version) {
        return new ServedModel(deployment, "iris", version, NOTHING,
                new PyfuncPredictor(NOTHING, InputSchema.parse(null), Optional.empty()));
    }

    @Test
    void countsRequestsExecutionsAndBatchesPerNameAndVersion() {
        ServingStatistics stats = new ServingStatistics(Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L),
                ZoneOffset.UTC));
        stats.execution("prod", "iris", "3", 32, 2_000, true);
        stats.execution("prod", "iris", "3", 1, 500, true);
        stats.execution("prod", "iris", "3", 1, 700, true);
        stats.execution("prod", "iris", "3", 4, 9_999, false); // a failed run is no execution
        stats.request("prod", "iris", "3", "oip", 200, 10_000);
        stats.request("prod", "iris", "3", "mlflow", 200, 20_000);
        stats.request("prod", "iris", "3", "oip", 400, 5_000);
        stats.request("prod", "iris", "4", "oip", 200, 1_000);
        // neither a shadow's copies nor requests for unknown models are a model's statistics
        stats.execution("prod/shadow", "iris", "3", 8, 100, true);
        stats.request("prod/shadow", "iris", "3", "shadow", 200, 100);
        stats.request("unknown", "unknown", "", "oip", 404, 100);

        ModelStatistics s = stats.of(served("prod", "3"));
        assertThat(s.lastInferenceMillis()).isEqualTo(1_700_000_000_123L);
        assertThat(s.inferenceCount()).isEqualTo(34);
        assertThat(s.executionCount()).isEqualTo(3);
        assertThat(s.success()).isEqualTo(new DurationStat(2, 30_000));
        assertThat(s.fail()).isEqualTo(new DurationStat(1, 5_000));
        assertThat(s.computeInfer()).isEqualTo(new DurationStat(3, 3_200));
        assertThat(s.batches()).containsExactly(new Batch(1, new DurationStat(2, 1_200)),
                new Batch(32, new DurationStat(1, 2_000)));
        assertThat(stats.of(served("prod", "4")).success()).isEqualTo(new DurationStat(1, 1_000));
        ModelStatistics idle = stats.of(served("other", "1"));
        assertThat(idle.lastInferenceMillis()).isZero();
        assertThat(idle.success()).isEqualTo(new DurationStat(0, 0));
        assertThat(idle.batches()).isEmpty();
    }
}
