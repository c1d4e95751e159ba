package io.capstan.serving.spi;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import java.util.Arrays;

/**
 * A named, concrete tensor: datatype, shape and flat row-major data in the datatype's Java array
 * ({@link DataType#arrayType()}).
 *
 * <p>The constructor checks that the array type matches the datatype, that every dimension is
 * non-negative and that the product of the shape equals the data length. The shape is copied; the
 * data array is <em>not</em> (tensors can be large), so the tensor takes ownership of it and
 * callers must not modify it afterwards. Equality compares contents.
 *
 * @param name the tensor's name; not null or blank
 * @param datatype its element type; not null
 * @param shape its dimensions (empty for a scalar); not null, no negative dimension
 * @param data a {@code boolean[]}, {@code int[]}, {@code long[]}, {@code float[]},
 *     {@code double[]} or {@code byte[][]} matching {@code datatype}; not null
 * @throws CapstanException INVALID_PARAMETER_VALUE when the parts do not fit together
 */
public record Tensor(String name, DataType datatype, long[] shape, Object data) implements ModelOutput {

    public Tensor {
        requireNonNull(name, "name is null");
        requireNonNull(datatype, "datatype is null");
        requireNonNull(shape, "shape is null");
        requireNonNull(data, "data is null");
        if (name.isBlank()) {
            throw CapstanException.invalid("Tensor name must not be blank");
        }
        if (data.getClass() != datatype.arrayType()) {
            throw CapstanException.invalid("Tensor '%s' is %s but its data is a %s",
                    name, datatype, data.getClass().getSimpleName());
        }
        shape = shape.clone();
        long expected = elementCount(name, shape);
        int actual = java.lang.reflect.Array.getLength(data);
        if (expected != actual) {
            throw CapstanException.invalid("Tensor '%s' has shape %s (%d elements) but %d data values",
                    name, Arrays.toString(shape), expected, actual);
        }
        if (data instanceof byte[][] strings) {
            for (byte[] element : strings) {
                if (element == null) {
                    throw CapstanException.invalid("Tensor '%s' has a null BYTES element", name);
                }
            }
        }
    }

    /**
     * The number of elements a shape holds.
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE for a negative dimension or a count that
     *     does not fit in an array
     */
    public static long elementCount(String name, long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw CapstanException.invalid("Tensor '%s' has a negative dimension in shape %s",
                        name, Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, dim);
            if (count > Integer.MAX_VALUE - 8) {
                throw CapstanException.invalid("Tensor '%s' is too large: shape %s",
                        name, Arrays.toString(shape));
            }
        }
        return count;
    }

    public static Tensor ofFloats(String name, long[] shape, float... data) {
        return new Tensor(name, DataType.FP32, shape, data);
    }

    public static Tensor ofDoubles(String name, long[] shape, double... data) {
        return new Tensor(name, DataType.FP64, shape, data);
    }

    public static Tensor ofLongs(String name, long[] shape, long... data) {
        return new Tensor(name, DataType.INT64, shape, data);
    }

    public static Tensor ofInts(String name, long[] shape, int... data) {
        return new Tensor(name, DataType.INT32, shape, data);
    }

    public static Tensor ofBooleans(String name, long[] shape, boolean... data) {
        return new Tensor(name, DataType.BOOL, shape, data);
    }

    public static Tensor ofBytes(String name, long[] shape, byte[]... data) {
        return new Tensor(name, DataType.BYTES, shape, data);
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int size() {
        return java.lang.reflect.Array.getLength(data);
    }

    /** The data as {@code float[]} (the tensor's own array). @throws IllegalStateException if not FP32 */
    public float[] floats() {
        return as(float[].class);
    }

    /** The data as {@code double[]}. @throws IllegalStateException if not FP64 */
    public double[] doubles() {
        return as(double[].class);
    }

    /** The data as {@code long[]}. @throws IllegalStateException if not INT64 */
    public long[] longs() {
        return as(long[].class);
    }

    /** The data as {@code int[]}. @throws IllegalStateException if not INT32 */
    public int[] ints() {
        return as(int[].class);
    }

    /** The data as {@code boolean[]}. @throws IllegalStateException if not BOOL */
    public boolean[] booleans() {
        return as(boolean[].class);
    }

    /** The data as {@code byte[][]}. @throws IllegalStateException if not BYTES */
    public byte[][] bytes() {
        return as(byte[][].class);
    }

    private <T> T as(Class<T> type) {
        if (!type.isInstance(data)) {
            throw new IllegalStateException("Tensor '" + name + "' is " + datatype + ", not "
                    + type.getSimpleName());
        }
        return type.cast(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t
                && name.equals(t.name)
                && datatype == t.datatype
                && Arrays.equals(shape, t.shape)
                && Arrays.deepEquals(new Object[] {data}, new Object[] {t.data});
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * name.hashCode() + datatype.hashCode()) + Arrays.hashCode(shape))
                + Arrays.deepHashCode(new Object[] {data});
    }

    @Override
    public String toString() {
        String values = switch (datatype) {
            case BOOL -> Arrays.toString(booleans());
            case INT32 -> Arrays.toString(ints());
            case INT64 -> Arrays.toString(longs());
            case FP32 -> Arrays.toString(floats());
            case FP64 -> Arrays.toString(doubles());
            case BYTES -> bytes().length + " byte strings";
        };
        if (values.length() > 200) {
            values = values.substring(0, 200) + "…";
        }
        return "Tensor[" + name + " " + datatype + Arrays.toString(shape) + " " + values + "]";
    }
}
