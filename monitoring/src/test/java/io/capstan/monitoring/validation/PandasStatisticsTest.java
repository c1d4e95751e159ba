package io.capstan.monitoring.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PandasStatisticsTest {
    @Test
    void selectionFindsTheOrderStatisticsASortWould() {
        Random random = new Random(7);
        for (int n : new int[] {1, 2, 3, 16, 17, 18, 100, 1001, 5000}) {
            for (int shape = 0; shape < 4; shape++) {
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    values[i] = switch (shape) {
                        case 0 -> random.nextGaussian();
                        case 1 -> random.nextInt(5);
                        case 2 -> i;
                        default -> random.nextBoolean() ? 0.0 : -0.0;
                    };
                }
                double[] sorted = values.clone();
                Arrays.sort(sorted);
                double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
                assertThat(Double.doubleToRawLongBits(PandasStatistics.median(values.clone())))
                        .as("n=%d shape=%d", n, shape).isEqualTo(Double.doubleToRawLongBits(expected));
                int k = random.nextInt(n);
                assertThat(PandasStatistics.select(values.clone(), k)).isEqualTo(sorted[k]);
            }
        }
    }

    @Test
    void sumsAreNumpysPairwiseSums() {
        // ten values: eight accumulators paired up, then the last two added one by one (NumPy: 1.0)
        double[] tenths = new double[10];
        Arrays.fill(tenths, 0.1);
        assertThat(PandasStatistics.sum(tenths, false)).isEqualTo(((((((0.1 + 0.1) + (0.1 + 0.1)) + ((0.1 + 0.1) + (0.1 + 0.1))) + 0.1) + 0.1)));
        assertThat(PandasStatistics.mean(new double[] {1, 2, 3, 4}, true)).isEqualTo(2.5);
        assertThat(PandasStatistics.standardDeviation(new double[] {2, 4, 4, 4, 5, 5, 7, 9})).isEqualTo(Math.sqrt(32.0 / 7));
        assertThat(PandasStatistics.standardDeviation(new double[] {1})).isNaN();
    }
}
