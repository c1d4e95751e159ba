package io.capstan.serving.scoring;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.capstan.core.CapstanException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The input half of an MLflow model signature, as far as scoring needs it: whether it describes
 * tensors or data-frame columns, and the inputs' names (null for an unnamed tensor).
 *
 * @param tensorBased true for {@code "type": "tensor"} inputs, false for columns
 * @param names one per input, null where the input has no name; not null; copied
 */
public record InputSchema(boolean tensorBased, List<String> names) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public InputSchema {
        names = java.util.Collections.unmodifiableList(new ArrayList<>(names));
    }

    /** Whether this is one tensor without a name, which MLflow feeds only from an array. */
    public boolean singleUnnamedTensor() {
        return tensorBased && names.size() == 1 && names.get(0) == null;
    }

    /**
     * Parses MLflow's signature inputs JSON ({@code MLmodel}'s {@code signature.inputs}).
     *
     * @param json null or blank for a model logged without a signature
     * @throws CapstanException INVALID_PARAMETER_VALUE when the text is not a signature
     */
    public static Optional<InputSchema> parse(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw CapstanException.invalid("MLmodel signature inputs are not JSON: %s", e.getOriginalMessage());
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            return Optional.empty();
        }
        boolean tensors = true;
        List<String> names = new ArrayList<>();
        for (JsonNode spec : root) {
            tensors &= "tensor".equals(spec.path("type").asText());
            JsonNode name = spec.get("name");
            names.add(name == null || name.isNull() ? null : name.asText());
        }
        return Optional.of(new InputSchema(tensors, names));
    }
}
