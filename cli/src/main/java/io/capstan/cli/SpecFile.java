package io.capstan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.capstan.core.CapstanException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a spec file for {@code create} commands: one JSON or YAML object (JSON is YAML too). */
final class SpecFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SpecFile() {
    }

    /** @throws CapstanException INVALID_PARAMETER_VALUE when the file cannot be read or is not an object */
    static ObjectNode read(Path file) {
        JsonNode node;
        try {
            node = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw CapstanException.invalid("Cannot read %s: %s", file, e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(node instanceof ObjectNode object)) {
            throw CapstanException.invalid("%s must hold one JSON or YAML object", file);
        }
        return object;
    }
}
