package io.capstan.monitoring.validation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An expectation suite in Great Expectations 1.x's shape: a name and a list of expectations, each a
 * {@code type} (e.g. {@code expect_column_values_to_not_be_null}) and its {@code kwargs}. Read from
 * YAML or JSON (GX's own suite JSON works as it is).
 *
 * @param name the suite's name; not null
 * @param expectations in order; copied, not null
 */
public record ExpectationSuite(String name, List<Expectation> expectations) {
    public ExpectationSuite {
        requireNonNull(name, "name is null");
        expectations = List.copyOf(requireNonNull(expectations, "expectations is null"));
    }

    /**
     * One expectation.
     *
     * @param type GX's snake_case name; not null
     * @param kwargs its arguments in order (values: String, Number, Boolean, List, Map or null); copied
     */
    public record Expectation(String type, Map<String, Object> kwargs) {
        public Expectation {
            requireNonNull(type, "type is null");
            kwargs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(kwargs, "kwargs is null")));
        }
    }

    /**
     * Reads a suite file.
     *
     * @throws CapstanException with {@code RESOURCE_DOES_NOT_EXIST} if there is no file, or
     *     {@code INVALID_PARAMETER_VALUE} if it is not a suite (the message says where)
     */
    public static ExpectationSuite read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new CapstanException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "Suite file '%s' does not exist", file);
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e, "Cannot read suite '" + file + "': " + message);
        }
        return parse(root, file.toString());
    }

    static ExpectationSuite parse(JsonNode root, String where) {
        if (root == null || !root.isObject() || !root.path("expectations").isArray()) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Suite '%s' needs a list under 'expectations'", where);
        }
        List<Expectation> expectations = new ArrayList<>();
        int i = 0;
        for (JsonNode node : root.get("expectations")) {
            // GX 1.x writes "type"; 0.x wrote "expectation_type"
            JsonNode type = node.has("type") ? node.get("type") : node.get("expectation_type");
            if (type == null || !type.isTextual()) {
                throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                        "Suite '%s': expectation %d has no 'type'", where, i);
            }
            JsonNode kwargs = node.path("kwargs");
            Map<String, Object> args = new LinkedHashMap<>();
            if (kwargs.isObject()) {
                kwargs.properties().forEach(e -> args.put(e.getKey(), plain(e.getValue())));
            } else if (!kwargs.isMissingNode() && !kwargs.isNull()) {
                throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                        "Suite '%s': expectation %d has 'kwargs' that is not a mapping", where, i);
            }
            expectations.add(new Expectation(type.asText(), args));
            i++;
        }
        String name = root.path("name").asText(root.path("expectation_suite_name").asText("suite"));
        return new ExpectationSuite(name, expectations);
    }

    private static Object plain(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(plain(n)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
        return map;
    }
}
