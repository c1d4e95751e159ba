package io.capstan.monitoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DoubleSortTest {
    @Test
    void sortsLikeArraysSort() {
        Random random = new Random(7);
        for (int n : new int[] {0, 1, 100, 5000, 100_000}) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = switch (i % 4) {
                    case 0 -> random.nextGaussian() * 1e6;
                    case 1 -> -random.nextInt(50);
                    case 2 -> random.nextDouble() * Double.MAX_VALUE * (random.nextBoolean() ? 1 : -1);
                    default -> i % 3 == 0 ? 0.0 : Double.MIN_VALUE * random.nextInt(3);
                };
            }
            double[] expected = values.clone();
            Arrays.sort(expected);
            DoubleSort.sort(values);
            assertThat(values).as("n=%d", n).containsExactly(expected);
        }
    }

    @Test
    void integerValuedColumnsSortToo() {
        double[] values = new double[20_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 7919) % 13;
        }
        double[] expected = values.clone();
        Arrays.sort(expected);
        DoubleSort.sort(values);
        assertThat(values).containsExactly(expected);
    }
}
