package io.capstan.monitoring.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;

/**
 * Reading and writing the fields of monitoring's JSON (monitors, windows, alert rules): every wrong
 * type is an {@code INVALID_PARAMETER_VALUE} that names the field, and absent values are written as
 * JSON null, non-finite numbers as strings. Stateless.
 */
public final class JsonFields {
    private JsonFields() {
    }

    /** @throws CapstanException INVALID_PARAMETER_VALUE unless {@code node} is a JSON object */
    public static void requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw CapstanException.invalid("%s must be a JSON object", what);
        }
    }

    /**
     * Returns a string field, or null when it is absent or null and not {@code required}.
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE when it is missing but required, or not a string
     */
    public static String text(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw CapstanException.invalid("Missing '%s'", field);
            }
            return null;
        }
        return textValue(v, field);
    }

    /** @throws CapstanException INVALID_PARAMETER_VALUE unless {@code v} is a string */
    public static String textValue(JsonNode v, String field) {
        if (!v.isTextual()) {
            throw CapstanException.invalid("'%s' must be a string", field);
        }
        return v.textValue();
    }

    /** Puts a string, or JSON null. */
    public static void putNullable(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    /** Puts a number (see {@link #putNumber}), or JSON null. */
    public static void putNullable(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            putNumber(node, field, value);
        }
    }

    /** Puts a number; NaN and infinities as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
    public static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
