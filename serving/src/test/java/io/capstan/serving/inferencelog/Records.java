package io.capstan.serving.inferencelog;

import io.capstan.serving.spi.Tensor;
import java.time.Instant;
import java.util.List;

/** Small records for tests. */
final class Records {
    private Records() {
    }

    static InferenceRecord record(String id, Instant timestamp) {
        return new InferenceRecord(id, timestamp, "iris", "3", "iris-prod",
                List.of(Tensor.ofFloats("input", new long[] {1, 2}, 0.5f, -1.25f)),
                List.of(Tensor.ofFloats("probabilities", new long[] {1, 2}, 0.25f, 0.75f)),
                812, InferenceRecord.OK);
    }
}
