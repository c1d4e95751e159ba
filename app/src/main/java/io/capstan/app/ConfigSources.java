package io.capstan.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads configuration values by property name from {@code capstan.yaml} and {@code CAPSTAN_*}
 * environment variables. Property names are the flag names: {@code backend-store-uri} is
 * {@code backend-store-uri:} in YAML and {@code CAPSTAN_BACKEND_STORE_URI} in the environment.
 */
final class ConfigSources {
    /** Every property name, in the order the docs list them. */
    static final List<String> PROPERTIES = List.of("host", "port", "backend-store-uri", "artifacts-destination",
            "default-artifact-root", "workers", "sqlite-synchronous", "inference-log", "retrain-commands",
            "monitor-data-roots");

    private final Map<String, String> values = new LinkedHashMap<>();

    ConfigSources(Path yamlFile, Map<String, String> environment) throws IOException {
        if (yamlFile != null && Files.isRegularFile(yamlFile)) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yamlFile.toFile());
            if (root != null && root.isObject()) {
                for (String property : PROPERTIES) {
                    JsonNode node = root.get(property);
                    if (node != null && !node.isNull()) {
                        values.put(property, node.asText());
                    }
                }
            }
        }
        for (String property : PROPERTIES) {
            String env = environment.get(envName(property));
            if (env != null && !env.isEmpty()) {
                values.put(property, env);
            }
        }
    }

    static String envName(String property) {
        return "CAPSTAN_" + property.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** The configured value, or {@code fallback}. */
    String get(String property, String fallback) {
        return values.getOrDefault(property, fallback);
    }
}
