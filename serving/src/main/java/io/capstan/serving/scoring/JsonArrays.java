package io.capstan.serving.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.core.CapstanException;
import io.capstan.serving.spi.DataType;
import io.capstan.serving.spi.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Nested JSON arrays to tensors of a model input's datatype, as numpy builds an array from a
 * nested list: the shape comes from the nesting, which must be rectangular.
 *
 * <p>Numbers convert as numpy casts them for ONNX Runtime: any number into FP32/FP64 (MLflow casts
 * float64 to float32; Capstan also takes integers there, where MLflow without a signature fails),
 * integers only into INT32/INT64, booleans into BOOL, text into BYTES; JSON null is NaN for floats.
 */
final class JsonArrays {
    private JsonArrays() {
    }

    /** The shape of a nested array; a scalar has shape {@code []}. */
    static long[] shape(JsonNode node) {
        List<Long> dims = new ArrayList<>();
        JsonNode cursor = node;
        while (cursor.isArray()) {
            dims.add((long) cursor.size());
            if (cursor.isEmpty()) {
                break;
            }
            cursor = cursor.get(0);
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        checkRectangular(node, shape, 0);
        return shape;
    }

    private static void checkRectangular(JsonNode node, long[] shape, int depth) {
        if (depth == shape.length) {
            if (node.isArray()) {
                throw ragged();
            }
            return;
        }
        if (!node.isArray() || node.size() != shape[depth]) {
            throw ragged();
        }
        for (JsonNode child : node) {
            checkRectangular(child, shape, depth + 1);
        }
    }

    private static CapstanException ragged() {
        return ScoringRequests.invalidInput("setting an array element with a sequence. The requested array has an "
                + "inhomogeneous shape: nested lists must all have the same length.");
    }

    /** Flattens a nested array row-major into {@code out}. */
    static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                flatten(child, out);
            }
        } else {
            out.add(node);
        }
    }

    /** A tensor named {@code name} of {@code type} from flat JSON scalars and a shape. */
    static Tensor tensor(String name, DataType type, long[] shape, List<JsonNode> flat) {
        int n = flat.size();
        Object data = switch (type) {
            case FP32 -> {
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = (float) number(flat.get(i), "float");
                }
                yield values;
            }
            case FP64 -> {
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    values[i] = number(flat.get(i), "float");
                }
                yield values;
            }
            case INT64 -> {
                long[] values = new long[n];
                for (int i = 0; i < n; i++) {
                    values[i] = integer(flat.get(i), "int64");
                }
                yield values;
            }
            case INT32 -> {
                int[] values = new int[n];
                for (int i = 0; i < n; i++) {
                    long v = integer(flat.get(i), "int32");
                    if (v != (int) v) {
                        throw conversion(flat.get(i), "int32");
                    }
                    values[i] = (int) v;
                }
                yield values;
            }
            case BOOL -> {
                boolean[] values = new boolean[n];
                for (int i = 0; i < n; i++) {
                    if (!flat.get(i).isBoolean()) {
                        throw conversion(flat.get(i), "bool");
                    }
                    values[i] = flat.get(i).booleanValue();
                }
                yield values;
            }
            case BYTES -> {
                byte[][] values = new byte[n][];
                for (int i = 0; i < n; i++) {
                    JsonNode v = flat.get(i);
                    values[i] = (v.isTextual() ? v.textValue() : v.toString()).getBytes(StandardCharsets.UTF_8);
                }
                yield values;
            }
        };
        return new Tensor(name, type, shape, data);
    }

    private static double number(JsonNode v, String what) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isNull()) {
            return Double.NaN;
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? 1 : 0;
        }
        throw conversion(v, what);
    }

    private static long integer(JsonNode v, String what) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        throw conversion(v, what);
    }

    private static CapstanException conversion(JsonNode v, String what) {
        String shown = v.isTextual() ? "'" + v.textValue() + "'" : v.toString();
        return ScoringRequests.invalidInput("could not convert " + (v.isTextual() ? "string" : "value")
                + " to " + what + ": " + shown);
    }

    /** Python's repr of a shape tuple, as MLflow prints it: {@code (1, 3)}, {@code (4,)}. */
    static String pythonShape(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        String joined = Arrays.toString(shape);
        return "(" + joined.substring(1, joined.length() - 1) + ")";
    }
}
