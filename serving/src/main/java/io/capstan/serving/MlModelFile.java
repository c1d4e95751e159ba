package io.capstan.serving;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An MLflow {@code MLmodel} file: which flavors a logged model has, and which one Capstan serves.
 *
 * <p>The {@code onnx} and {@code xgboost} flavors are served.
 * Flavors that need a Python interpreter to load (sklearn's pickles, {@code python_function}
 * alone, …) are refused with a message saying how to log the model as ONNX instead: Capstan runs
 * no Python and never unpickles.
 */
public final class MlModelFile {
    /** The file name MLflow gives it inside every model directory. */
    public static final String FILE_NAME = "MLmodel";

    static final String ONNX_ADVICE = "log the model with mlflow.onnx.log_model "
            + "(convert scikit-learn models with skl2onnx first) so Capstan can serve it";

    private final List<String> flavors;
    private final JsonNode root;

    private MlModelFile(JsonNode root, List<String> flavors) {
        this.root = root;
        this.flavors = List.copyOf(flavors);
    }

    /**
     * Parses the text of an {@code MLmodel} file.
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE when it is not YAML or has no flavors
     */
    public static MlModelFile parse(String yaml) {
        requireNonNull(yaml, "yaml is null");
        JsonNode root;
        try {
            ObjectMapper mapper = new YAMLMapper();
            root = mapper.readTree(yaml);
        } catch (JacksonException e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e,
                    "MLmodel file is not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw CapstanException.invalid("MLmodel file must be a YAML mapping");
        }
        JsonNode flavorsNode = root.get("flavors");
        if (flavorsNode == null || !flavorsNode.isObject() || flavorsNode.isEmpty()) {
            throw CapstanException.invalid("MLmodel file has no 'flavors'");
        }
        List<String> names = new ArrayList<>();
        flavorsNode.fieldNames().forEachRemaining(names::add);
        return new MlModelFile(root, names);
    }

    /**
     * Reads and parses {@code dir/MLmodel}.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST when there is no such file,
     *     INVALID_PARAMETER_VALUE when it cannot be parsed
     */
    public static MlModelFile read(Path modelDir) {
        Path file = modelDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw CapstanException.notFound("No %s file in model directory '%s'", FILE_NAME, modelDir);
        }
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, e, "Cannot read " + file);
        }
    }

    /** The flavor names in file order, e.g. {@code [onnx, python_function]}. */
    public List<String> flavors() {
        return flavors;
    }

    /** The top-level {@code run_id}, if present. */
    public Optional<String> runId() {
        return text(root.get("run_id"));
    }

    /** The top-level {@code model_uuid}, if present. */
    public Optional<String> modelUuid() {
        return text(root.get("model_uuid"));
    }

    /**
     * The signature's inputs as MLflow stores them (a JSON list inside the YAML, e.g.
     * {@code [{"type": "tensor", "tensor-spec": {...}}]}), if the model was logged with one.
     */
    public Optional<String> signatureInputs() {
        JsonNode signature = root.get("signature");
        return signature == null || !signature.isObject() ? Optional.empty() : text(signature.get("inputs"));
    }

    /**
     * Chooses the flavor to serve and the file it names.
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE for a model with no servable flavor, or an onnx flavor whose
     *     {@code data} is missing or escapes the model directory
     */
    public ServableModel servable() {
        JsonNode flavorsNode = root.get("flavors");
        JsonNode onnx = flavorsNode.get("onnx");
        if (onnx != null) {
            String data = text(onnx.get("data")).orElseThrow(() -> CapstanException.invalid(
                    "MLmodel onnx flavor has no 'data' naming the .onnx file"));
            return new ServableModel(ModelFormat.ONNX, checkRelative(data));
        }
        JsonNode xgboost = flavorsNode.get("xgboost");
        if (xgboost != null) {
            String data = text(xgboost.get("data")).orElseThrow(() -> CapstanException.invalid(
                    "MLmodel xgboost flavor has no 'data' naming the model file"));
            return new ServableModel(ModelFormat.XGBOOST, checkRelative(data),
                    text(xgboost.get("model_class")).orElse(null));
        }
        if (flavorsNode.has("sklearn")) {
            throw CapstanException.invalid(
                    "scikit-learn models are pickles, which Capstan does not load; %s", ONNX_ADVICE);
        }
        throw CapstanException.invalid(
                "No servable flavor in MLmodel (found %s; Capstan serves onnx, which needs no "
                        + "Python); %s", flavors, ONNX_ADVICE);
    }

    /** The servable model file inside {@code modelDir}; see {@link #servable()}. */
    public Path resolve(Path modelDir) {
        Path base = modelDir.toAbsolutePath().normalize();
        return base.resolve(servable().relativePath()).normalize();
    }

    private static String checkRelative(String path) {
        if (path.isBlank() || path.startsWith("/") || path.startsWith("\\") || path.contains(":")) {
            throw CapstanException.invalid("MLmodel names model file '%s'; it must be a relative path", path);
        }
        for (String part : path.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw CapstanException.invalid(
                        "MLmodel names model file '%s', outside the model directory", path);
            }
        }
        return path;
    }

    private static Optional<String> text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode()
                ? Optional.empty() : Optional.of(node.asText());
    }
}
