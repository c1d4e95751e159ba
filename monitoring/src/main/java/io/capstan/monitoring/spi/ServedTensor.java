package io.capstan.monitoring.spi;

import static java.util.Objects.requireNonNull;

/**
 * One tensor of a served request, as monitoring reads it: a name, a shape whose first dimension is
 * the number of rows, and the values flattened in row-major order. Numbers of every width arrive as
 * doubles (integer-typed tensors say so, so that drift tests see integer columns as pandas would),
 * text as strings, booleans as booleans. The arrays are owned by the record: callers must not change
 * them.
 */
public sealed interface ServedTensor {
    /** Returns the tensor's name (an input or output of the model); never null. */
    String name();

    /** Returns the shape; the first dimension is the number of rows. */
    long[] shape();

    /** Returns the number of values. */
    int size();

    /** Returns the number of rows: the first dimension, or 1 for a scalar. */
    default int rows() {
        return shape().length == 0 ? 1 : (int) shape()[0];
    }

    /**
     * Numbers.
     *
     * @param values row-major values; NaN for a missing float
     * @param integer whether the tensor had an integer type
     */
    record Numbers(String name, long[] shape, double[] values, boolean integer) implements ServedTensor {
        public Numbers {
            requireNonNull(name, "name is null");
            requireNonNull(shape, "shape is null");
            requireNonNull(values, "values is null");
        }

        @Override
        public int size() {
            return values.length;
        }
    }

    /** Text (BYTES tensors read as UTF-8). */
    record Strings(String name, long[] shape, String[] values) implements ServedTensor {
        public Strings {
            requireNonNull(name, "name is null");
            requireNonNull(shape, "shape is null");
            requireNonNull(values, "values is null");
        }

        @Override
        public int size() {
            return values.length;
        }
    }

    /** Booleans. */
    record Booleans(String name, long[] shape, boolean[] values) implements ServedTensor {
        public Booleans {
            requireNonNull(name, "name is null");
            requireNonNull(shape, "shape is null");
            requireNonNull(values, "values is null");
        }

        @Override
        public int size() {
            return values.length;
        }
    }
}
