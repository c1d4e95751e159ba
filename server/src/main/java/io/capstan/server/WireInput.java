package io.capstan.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A request's parameters, from the JSON body or the query string, with MLflow's coercions:
 * int64 as number or string, booleans as {@code True}/{@code true}, doubles as numbers or the
 * strings NaN/Infinity/-Infinity. Wrong types are client errors with MLflow's messages.
 */
public final class WireInput {
    private static final String SEE_DOCS = " See the API docs for more information about request parameters.";
    private final JsonNode root;

    WireInput(JsonNode root) {
        this.root = root == null || root.isNull() ? JsonNodeFactory.instance.objectNode() : root;
        if (!this.root.isObject()) {
            throw CapstanException.invalid("The request body must be a JSON object.");
        }
    }

    /** Parameters over an existing node (a nested message of the request). */
    public static WireInput of(JsonNode node) {
        return new WireInput(node);
    }

    /** The whole request object, for bodies with a shape of their own. */
    public JsonNode node() {
        return root;
    }

    /** Whether the field is present and not null. */
    public boolean has(String name) {
        JsonNode node = root.get(name);
        return node != null && !node.isNull();
    }

    /** A string field or null. Numbers and booleans are accepted as their text. */
    public String string(String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isContainerNode()) {
            throw badType(name, node);
        }
        return node.asText();
    }

    /** A string field that must be present (it may be empty where MLflow allows it). */
    public String requiredString(String name) {
        String value = string(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    /** A required string that must not be empty. */
    public String requiredNonEmpty(String name) {
        String value = requiredString(name);
        if (value.isEmpty()) {
            throw missing(name);
        }
        return value;
    }

    /** An integer field (number or decimal string) or null. */
    public Long longValue(String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isNumber() && node.asDouble() == Math.rint(node.asDouble()) && Math.abs(node.asDouble()) < 9.0e18) {
            return (long) node.asDouble();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                throw badType(name, node);
            }
        }
        throw badType(name, node);
    }

    public long requiredLong(String name) {
        Long value = longValue(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    /** An int32 field or null; values outside int range are client errors. */
    public Integer intValue(String name) {
        Long value = longValue(name);
        if (value == null) {
            return null;
        }
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw CapstanException.invalid("Invalid value %d for parameter '%s' supplied.%s", value, name, SEE_DOCS);
        }
        return value.intValue();
    }

    /** A double: a JSON number or the strings NaN, Infinity, -Infinity (or a numeric string). */
    public Double doubleValue(String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            switch (text) {
                case "NaN", "nan" -> {
                    return Double.NaN;
                }
                case "Infinity", "inf", "+Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity", "-inf" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                    try {
                        return Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        throw badType(name, node);
                    }
                }
            }
        }
        throw badType(name, node);
    }

    public double requiredDouble(String name) {
        Double value = doubleValue(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    /** A boolean (JSON boolean or true/false text in any case) or null. */
    public Boolean bool(String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual()) {
            switch (node.asText().toLowerCase(Locale.ROOT)) {
                case "true" -> {
                    return true;
                }
                case "false" -> {
                    return false;
                }
                default -> throw badType(name, node);
            }
        }
        throw badType(name, node);
    }

    /** A repeated string field; a single value counts as a list of one. Empty if absent. */
    public List<String> strings(String name) {
        JsonNode node = root.get(name);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isContainerNode() || item.isNull()) {
                    throw badType(name, node);
                }
                values.add(item.asText());
            }
            return values;
        }
        if (node.isContainerNode()) {
            throw badType(name, node);
        }
        values.add(node.asText());
        return values;
    }

    /** A repeated message field, each element mapped. Empty if absent. */
    public <T> List<T> messages(String name, Function<WireInput, T> mapper) {
        JsonNode node = root.get(name);
        List<T> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw badType(name, node);
        }
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw badType(name, node);
            }
            values.add(mapper.apply(new WireInput(item)));
        }
        return values;
    }

    /** A nested message or null. */
    public WireInput message(String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw badType(name, node);
        }
        return new WireInput(node);
    }

    /** MLflow's message for a missing required parameter. */
    public static CapstanException missing(String name) {
        return CapstanException.invalid("Missing value for required parameter '%s'.%s", name, SEE_DOCS);
    }

    private static CapstanException badType(String name, JsonNode node) {
        String shown = node.toString();
        if (shown.length() > 100) {
            shown = shown.substring(0, 100) + "...";
        }
        return CapstanException.invalid("Invalid value %s for parameter '%s' supplied.%s", shown, name, SEE_DOCS);
    }

    /** Builds the input from query parameters: repeated keys become arrays. */
    static WireInput fromQuery(java.util.Map<String, List<String>> query) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        query.forEach((key, values) -> {
            if (values.size() == 1) {
                node.put(key, values.getFirst());
            } else {
                var array = node.putArray(key);
                values.forEach(array::add);
            }
        });
        return new WireInput(node);
    }
}
