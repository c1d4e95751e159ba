package io.capstan.serving.spi;

import io.capstan.core.CapstanException;

/**
 * The tensor element types Capstan serves, named as in the Open Inference Protocol v2
 * ({@code FP32}, {@code INT64} …), each with the Java array that carries its flat data.
 *
 * <p>FP16/BF16 and the small integer types are left out until a model needs them: they have no
 * natural Java array and no sensible JSON form.
 */
public enum DataType {
    BOOL(boolean[].class),
    INT32(int[].class),
    INT64(long[].class),
    FP32(float[].class),
    FP64(double[].class),
    /** Opaque byte strings (UTF-8 text in JSON); ONNX {@code STRING}. */
    BYTES(byte[][].class);

    private final Class<?> arrayType;

    DataType(Class<?> arrayType) {
        this.arrayType = arrayType;
    }

    /** The Java array class that holds this type's flat data, e.g. {@code float[].class}. */
    public Class<?> arrayType() {
        return arrayType;
    }

    /** The OIP v2 name, which is also the enum's name. */
    public String wireName() {
        return name();
    }

    /**
     * Looks up an OIP v2 datatype name (case-sensitive, as the protocol spells it).
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE for null or an unsupported name
     */
    public static DataType fromWire(String name) {
        if (name != null) {
            for (DataType type : values()) {
                if (type.name().equals(name)) {
                    return type;
                }
            }
        }
        throw CapstanException.invalid(
                "Unsupported datatype '%s'; supported: BOOL, INT32, INT64, FP32, FP64, BYTES", name);
    }
}
