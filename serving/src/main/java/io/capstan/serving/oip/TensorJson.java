package io.capstan.serving.oip;

import com.fasterxml.jackson.core.JsonGenerator;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.serving.spi.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a tensor in the Open Inference Protocol's JSON form,
 * {@code {"name", "datatype", "shape", "data"}} with flat data and BYTES as UTF-8 text: the one
 * writer behind inference responses and the inference log. Stateless and thread-safe.
 */
public final class TensorJson {

    /** What to do with NaN and infinities, which JSON numbers cannot carry. */
    public enum NonFinite {
        /** Fail with INTERNAL_ERROR: a protocol body a client must parse as numbers. */
        REFUSE,
        /** Write {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} as strings: a log read back by Capstan. */
        AS_STRINGS
    }

    private TensorJson() {
    }

    /** Writes the whole tensor object. */
    public static void write(JsonGenerator g, Tensor tensor, NonFinite nonFinite) throws IOException {
        writeHead(g, tensor);
        g.writeArrayFieldStart("data");
        switch (tensor.datatype()) {
            case FP32 -> {
                for (float v : tensor.floats()) {
                    if (Float.isFinite(v)) {
                        g.writeNumber(v);
                    } else {
                        writeNonFinite(g, Float.toString(v), tensor, nonFinite);
                    }
                }
            }
            case FP64 -> {
                for (double v : tensor.doubles()) {
                    if (Double.isFinite(v)) {
                        g.writeNumber(v);
                    } else {
                        writeNonFinite(g, Double.toString(v), tensor, nonFinite);
                    }
                }
            }
            case INT64 -> {
                for (long v : tensor.longs()) {
                    g.writeNumber(v);
                }
            }
            case INT32 -> {
                for (int v : tensor.ints()) {
                    g.writeNumber(v);
                }
            }
            case BOOL -> {
                for (boolean v : tensor.booleans()) {
                    g.writeBoolean(v);
                }
            }
            case BYTES -> {
                for (byte[] v : tensor.bytes()) {
                    g.writeString(new String(v, StandardCharsets.UTF_8));
                }
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Opens a tensor object and writes its name, datatype and shape; the caller writes the rest and closes it. */
    public static void writeHead(JsonGenerator g, Tensor tensor) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", tensor.name());
        g.writeStringField("datatype", tensor.datatype().wireName());
        g.writeArrayFieldStart("shape");
        for (long dim : tensor.shape()) {
            g.writeNumber(dim);
        }
        g.writeEndArray();
    }

    private static void writeNonFinite(JsonGenerator g, String text, Tensor tensor, NonFinite nonFinite)
            throws IOException {
        switch (nonFinite) {
            // JSON has no NaN or Infinity; writing them would produce a body no client can parse
            case REFUSE -> throw new CapstanException(ErrorCode.INTERNAL_ERROR,
                    "Tensor '%s' holds NaN or Infinity, which JSON cannot carry", tensor.name());
            case AS_STRINGS -> g.writeString(text);
        }
    }
}
