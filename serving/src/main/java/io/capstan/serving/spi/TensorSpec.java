package io.capstan.serving.spi;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * What a model input or output looks like: name, datatype and shape, where {@code -1} marks a
 * dynamic dimension (typically the batch). This is the OIP v2 {@code tensor_meta}.
 *
 * @param name not null
 * @param datatype not null
 * @param shape not null; every dimension is {@code -1} or non-negative; copied
 */
public record TensorSpec(String name, DataType datatype, long[] shape) {

    public TensorSpec {
        requireNonNull(name, "name is null");
        requireNonNull(datatype, "datatype is null");
        shape = requireNonNull(shape, "shape is null").clone();
        for (long dim : shape) {
            if (dim < -1) {
                throw new IllegalArgumentException("dimension " + dim + " in " + Arrays.toString(shape));
            }
        }
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Whether a concrete shape fits this spec: same rank, and equal wherever this is not -1. */
    public boolean accepts(long[] concrete) {
        if (concrete.length != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] != -1 && shape[i] != concrete[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec s && name.equals(s.name) && datatype == s.datatype
                && Arrays.equals(shape, s.shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + datatype.hashCode()) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + ":" + datatype + Arrays.toString(shape);
    }
}
