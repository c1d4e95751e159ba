package io.capstan.serving.oip;

import io.capstan.core.CapstanException;
import io.capstan.serving.spi.DataType;
import io.capstan.serving.spi.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Tensors in Triton's binary tensor data layout: little-endian, row-major, no padding; BOOL is one
 * byte (0 or 1); each BYTES element is a 4-byte little-endian length followed by its bytes.
 */
final class BinaryTensors {
    private BinaryTensors() {
    }

    /**
     * Reads {@code size} bytes from {@code binary} (advancing it) as a tensor.
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE when the bytes run out or do not fit the
     *     datatype and shape
     */
    static Tensor read(String name, DataType type, long[] shape, long size, ByteBuffer binary, String what) {
        if (size > binary.remaining()) {
            throw CapstanException.invalid("The %s has binary_data_size %d but only %d bytes of binary data are "
                    + "left in the request", what, size, binary.remaining());
        }
        int count = (int) Tensor.elementCount(name, shape);
        ByteBuffer data = binary.slice(binary.position(), (int) size).order(ByteOrder.LITTLE_ENDIAN);
        binary.position(binary.position() + (int) size);
        int width = switch (type) {
            case BOOL -> 1;
            case INT32, FP32 -> 4;
            case INT64, FP64 -> 8;
            case BYTES -> 0;
        };
        if (width > 0 && (long) count * width != size) {
            throw CapstanException.invalid("The %s is %s with %d elements, which is %d bytes, but binary_data_size "
                    + "is %d", what, type, count, (long) count * width, size);
        }
        Object values = switch (type) {
            case BOOL -> {
                boolean[] v = new boolean[count];
                for (int i = 0; i < count; i++) {
                    v[i] = data.get() != 0;
                }
                yield v;
            }
            case INT32 -> {
                int[] v = new int[count];
                data.asIntBuffer().get(v);
                yield v;
            }
            case INT64 -> {
                long[] v = new long[count];
                data.asLongBuffer().get(v);
                yield v;
            }
            case FP32 -> {
                float[] v = new float[count];
                data.asFloatBuffer().get(v);
                yield v;
            }
            case FP64 -> {
                double[] v = new double[count];
                data.asDoubleBuffer().get(v);
                yield v;
            }
            case BYTES -> {
                byte[][] v = new byte[count][];
                for (int i = 0; i < count; i++) {
                    if (data.remaining() < 4) {
                        throw CapstanException.invalid("The %s ends inside element %d's length", what, i);
                    }
                    long length = Integer.toUnsignedLong(data.getInt());
                    if (length > data.remaining()) {
                        throw CapstanException.invalid("The %s's element %d claims %d bytes but %d are left",
                                what, i, length, data.remaining());
                    }
                    v[i] = new byte[(int) length];
                    data.get(v[i]);
                }
                if (data.hasRemaining()) {
                    throw CapstanException.invalid("The %s has %d bytes after its last element",
                            what, data.remaining());
                }
                yield v;
            }
        };
        return new Tensor(name, type, shape, values);
    }

    /** The tensor's data in the binary layout. */
    static byte[] write(Tensor tensor) {
        int count = tensor.size();
        ByteBuffer out = switch (tensor.datatype()) {
            case BOOL -> {
                ByteBuffer b = ByteBuffer.allocate(count);
                for (boolean v : tensor.booleans()) {
                    b.put((byte) (v ? 1 : 0));
                }
                yield b;
            }
            case INT32 -> {
                ByteBuffer b = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asIntBuffer().put(tensor.ints());
                yield b.position(b.capacity());
            }
            case INT64 -> {
                ByteBuffer b = ByteBuffer.allocate(count * 8).order(ByteOrder.LITTLE_ENDIAN);
                b.asLongBuffer().put(tensor.longs());
                yield b.position(b.capacity());
            }
            case FP32 -> {
                ByteBuffer b = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(tensor.floats());
                yield b.position(b.capacity());
            }
            case FP64 -> {
                ByteBuffer b = ByteBuffer.allocate(count * 8).order(ByteOrder.LITTLE_ENDIAN);
                b.asDoubleBuffer().put(tensor.doubles());
                yield b.position(b.capacity());
            }
            case BYTES -> {
                int total = 0;
                for (byte[] v : tensor.bytes()) {
                    total = Math.addExact(total, 4 + v.length);
                }
                ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
                for (byte[] v : tensor.bytes()) {
                    b.putInt(v.length).put(v);
                }
                yield b;
            }
        };
        return out.array();
    }
}
