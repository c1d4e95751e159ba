package io.capstan.serving.scoring;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.serving.spi.MapSequence;
import io.capstan.serving.spi.ModelOutput;
import io.capstan.serving.spi.ModelRuntime;
import io.capstan.serving.spi.Tensor;
import io.capstan.serving.spi.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * What MLflow's ONNX pyfunc makes of a scoring payload, over any {@link ModelRuntime}: which
 * tensors a data frame or an array becomes, and whether the answer is a dict of arrays
 * ({@code {"predictions": {"label": [...], ...}}}) or data-frame records
 * ({@code {"predictions": [{"label": 0, ...}, ...]}}).
 *
 * <p>The rules follow MLflow 3.x ({@code mlflow.onnx._OnnxModelWrapper} after the scoring server's
 * parsing and schema enforcement): an array or named arrays give a dict; a data frame gives records
 * unless the model's signature is tensor-based, in which case the frame becomes one array first.
 * Records need every output to flatten to the same length (a classifier's probabilities do not,
 * and MLflow answers 400 there too). Failures a model run would hit are BAD_REQUEST, and with a
 * signature, shape mismatches are INVALID_PARAMETER_VALUE, as MLflow answers.
 *
 * <p>Thread-safe if the runtime is.
 */
public final class PyfuncPredictor {
    static final String EVALUATION_ERROR = "Encountered an unexpected error while evaluating the model. Verify "
            + "that the serialized input Dataframe is compatible with the model for inference.";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ModelRuntime runtime;
    private final Optional<InputSchema> schema;
    private final Optional<String> singleOutput;

    /** An ONNX model's pyfunc: every output by name. */
    public PyfuncPredictor(ModelRuntime runtime, Optional<InputSchema> schema) {
        this(runtime, schema, Optional.empty());
    }

    /**
     * @param runtime the loaded model; not null
     * @param schema the model signature's inputs; empty for a model logged without one
     * @param singleOutput the output a flavor's {@code predict} returns as one array (xgboost:
     *     {@code label} for a classifier, else {@code predictions}); empty for ONNX's dict of outputs
     */
    public PyfuncPredictor(ModelRuntime runtime, Optional<InputSchema> schema, Optional<String> singleOutput) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.singleOutput = requireNonNull(singleOutput, "singleOutput is null");
    }

    /**
     * Answers one parsed payload with MLflow's response body {@code {"predictions": ...}}.
     *
     * @throws CapstanException BAD_REQUEST or INVALID_PARAMETER_VALUE for inputs the model cannot
     *     take, as MLflow classifies them
     */
    public ObjectNode predict(ScoringInput input) {
        return predict(input, (inputs, outputs) -> { });
    }

    /**
     * Same as {@link #predict(ScoringInput)}, also telling {@code observer} which tensors went
     * into the model and what came out (for the inference log).
     */
    public ObjectNode predict(ScoringInput input,
            BiConsumer<Map<String, Tensor>, Map<String, ModelOutput>> observer) {
        requireNonNull(input, "input is null");
        requireNonNull(observer, "observer is null");
        return answer(input, observer);
    }

    private ObjectNode answer(ScoringInput input, BiConsumer<Map<String, Tensor>, Map<String, ModelOutput>> observer) {
        ObjectNode body = NODES.objectNode();
        if (singleOutput.isPresent()) {
            // predict(X) gives one array, whatever form X came in
            Map<String, Tensor> tensors = switch (input) {
                case ScoringInput.Frame frame -> frameTensors(frame, true);
                case ScoringInput.Array array -> arrayTensors(array);
                case ScoringInput.Named named -> {
                    String message = "This model takes one array (send 'inputs' or 'instances' as a list, or a "
                            + "data frame), not inputs by name " + named.values().keySet();
                    // as MLflow: rows of named inputs fail in the model, a dict of them in parsing
                    throw named.fromRows()
                            ? new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, "%s", message)
                            : ScoringRequests.invalidInput(message);
                }
            };
            ModelOutput output = run(tensors, observer).get(singleOutput.get());
            body.set("predictions", nested((Tensor) output));
            return body;
        }
        switch (input) {
            case ScoringInput.Frame frame -> {
                if (schema.isPresent() && schema.get().tensorBased()) {
                    // MLflow's schema enforcement turns the frame into one array (or one per column)
                    body.set("predictions", dict(run(frameTensors(frame, true), observer)));
                } else {
                    body.set("predictions", records(run(frameTensors(frame, false), observer), frame.rows().size()));
                }
            }
            case ScoringInput.Array array -> body.set("predictions", dict(run(arrayTensors(array), observer)));
            case ScoringInput.Named named -> body.set("predictions", dict(run(namedTensors(named), observer)));
        }
        return body;
    }

    private List<TensorSpec> inputs() {
        return runtime.metadata().inputs();
    }

    private Map<String, Tensor> arrayTensors(ScoringInput.Array array) {
        if (inputs().size() != 1) {
            throw ScoringRequests.badRequest("Unable to map numpy array input to the expected model input. Numpy "
                    + "arrays can only be used as input for MLflow ONNX models that have a single input. This "
                    + "model requires " + inputs().size() + " inputs. Please pass in data as either a dictionary "
                    + "or a DataFrame with the following tensors: " + inputNames() + ".");
        }
        return Map.of(inputs().get(0).name(), toTensor(inputs().get(0), array.values()));
    }

    private Map<String, Tensor> namedTensors(ScoringInput.Named named) {
        if (schema.isPresent() && schema.get().singleUnnamedTensor() && named.fromRows()) {
            // rows reach MLflow's schema enforcement, which refuses the dict there
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, "%s", "Failed to predict data. \nError: "
                    + "Failed to enforce schema of data with schema '[Tensor]'. Error: This model contains a tensor "
                    + "signature without a name, which takes a single array, not inputs by name "
                    + named.values().keySet() + ".");
        }
        if (schema.isPresent() && schema.get().singleUnnamedTensor()) {
            throw ScoringRequests.invalidInput("Failed to parse input data. This model contains an un-named  model "
                    + "signature which expects a single n-dimensional array or a single value as input, however, "
                    + "an input of type <class 'dict'> was found.");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : named.values().entrySet()) {
            TensorSpec spec = spec(entry.getKey());
            tensors.put(spec.name(), toTensor(spec, entry.getValue()));
        }
        return tensors;
    }

    private Map<String, Tensor> frameTensors(ScoringInput.Frame frame, boolean asArray) {
        List<TensorSpec> inputs = inputs();
        if (inputs.size() == 1) {
            // DataFrame.values: rows x columns
            TensorSpec spec = inputs.get(0);
            List<JsonNode> flat = new ArrayList<>();
            frame.rows().forEach(flat::addAll);
            long[] shape = {frame.rows().size(), frame.columns().size()};
            return Map.of(spec.name(), checked(spec, shape, flat));
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (TensorSpec spec : inputs) {
            int column = frame.columns().indexOf(spec.name());
            if (column < 0) {
                throw evaluationError("the frame has no column '" + spec.name() + "'; the model's inputs are "
                        + inputNames());
            }
            List<JsonNode> flat = new ArrayList<>();
            frame.rows().forEach(row -> flat.add(row.get(column)));
            long[] shape = {flat.size()};
            if (spec.shape().length == 2 && spec.shape()[1] == 1) {
                shape = new long[] {flat.size(), 1}; // a column fed to an [n, 1] input
            }
            tensors.put(spec.name(), checked(spec, shape, flat));
        }
        return tensors;
    }

    private Tensor toTensor(TensorSpec spec, JsonNode values) {
        long[] shape = JsonArrays.shape(values);
        List<JsonNode> flat = new ArrayList<>();
        JsonArrays.flatten(values, flat);
        return checked(spec, shape, flat);
    }

    private Tensor checked(TensorSpec spec, long[] shape, List<JsonNode> flat) {
        if (!spec.accepts(shape)) {
            String expected = JsonArrays.pythonShape(spec.shape());
            if (schema.isPresent() && schema.get().tensorBased()) {
                throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, "%s", "Failed to predict data. \n"
                        + "Error: Failed to enforce schema of data with schema '[Tensor(" + spec.datatype() + ", "
                        + expected + ")]'. Error: Shape of input " + JsonArrays.pythonShape(shape)
                        + " does not match expected shape " + expected + ".");
            }
            throw evaluationError("input '" + spec.name() + "' has shape " + JsonArrays.pythonShape(shape)
                    + "; the model expects " + expected + " (-1 = any size)");
        }
        return JsonArrays.tensor(spec.name(), spec.datatype(), shape, flat);
    }

    private TensorSpec spec(String name) {
        return runtime.metadata().input(name).orElseThrow(() -> evaluationError(
                "the model has no input '" + name + "'; its inputs are " + inputNames()));
    }

    private List<String> inputNames() {
        return inputs().stream().map(TensorSpec::name).toList();
    }

    private Map<String, ModelOutput> run(Map<String, Tensor> tensors,
            BiConsumer<Map<String, Tensor>, Map<String, ModelOutput>> observer) {
        try {
            Map<String, ModelOutput> outputs = runtime.predict(tensors);
            observer.accept(tensors, outputs);
            return outputs;
        } catch (CapstanException e) {
            if (e.code() == ErrorCode.INVALID_PARAMETER_VALUE) {
                throw evaluationError(e.getMessage());
            }
            throw e;
        }
    }

    /** numpy outputs as nested lists, by output name. */
    private static ObjectNode dict(Map<String, ModelOutput> outputs) {
        ObjectNode dict = NODES.objectNode();
        for (ModelOutput output : outputs.values()) {
            dict.set(output.name(), switch (output) {
                case Tensor tensor -> nested(tensor);
                case MapSequence maps -> mapArray(maps);
            });
        }
        return dict;
    }

    /** {@code pd.DataFrame({name: np.asarray(output).reshape(-1)})} as records. */
    private static ArrayNode records(Map<String, ModelOutput> outputs, int inputRows) {
        Map<String, List<JsonNode>> columns = new LinkedHashMap<>();
        int length = -1;
        for (ModelOutput output : outputs.values()) {
            List<JsonNode> column = switch (output) {
                case Tensor tensor -> flatValues(tensor);
                case MapSequence maps -> {
                    List<JsonNode> rows = new ArrayList<>();
                    mapArray(maps).forEach(rows::add);
                    yield rows;
                }
            };
            if (length >= 0 && column.size() != length) {
                throw evaluationError("the model's outputs have " + length + " and " + column.size()
                        + " values, which cannot form one data frame for " + inputRows + " input rows; send "
                        + "'inputs' or 'instances' to get each output as an array");
            }
            length = column.size();
            columns.put(output.name(), column);
        }
        ArrayNode records = NODES.arrayNode();
        for (int i = 0; i < Math.max(length, 0); i++) {
            ObjectNode record = records.addObject();
            for (Map.Entry<String, List<JsonNode>> column : columns.entrySet()) {
                record.set(column.getKey(), column.getValue().get(i));
            }
        }
        return records;
    }

    private static ArrayNode mapArray(MapSequence maps) {
        ArrayNode array = NODES.arrayNode();
        for (Map<String, Double> row : maps.rows()) {
            ObjectNode object = array.addObject();
            row.forEach((k, v) -> object.set(k, number(v)));
        }
        return array;
    }

    private static JsonNode nested(Tensor tensor) {
        List<JsonNode> flat = flatValues(tensor);
        long[] shape = tensor.shape();
        if (shape.length == 0) {
            return flat.get(0);
        }
        return nest(flat, shape, 0, new int[] {0});
    }

    private static ArrayNode nest(List<JsonNode> flat, long[] shape, int depth, int[] cursor) {
        ArrayNode array = NODES.arrayNode();
        for (long i = 0; i < shape[depth]; i++) {
            if (depth == shape.length - 1) {
                array.add(flat.get(cursor[0]++));
            } else {
                array.add(nest(flat, shape, depth + 1, cursor));
            }
        }
        return array;
    }

    private static List<JsonNode> flatValues(Tensor tensor) {
        List<JsonNode> values = new ArrayList<>(tensor.size());
        switch (tensor.datatype()) {
            // float32 is written as the double it equals, as Python's json writes a numpy float32
            case FP32 -> {
                for (float v : tensor.floats()) {
                    values.add(number(v));
                }
            }
            case FP64 -> {
                for (double v : tensor.doubles()) {
                    values.add(number(v));
                }
            }
            case INT64 -> Arrays.stream(tensor.longs()).forEach(v -> values.add(NODES.numberNode(v)));
            case INT32 -> Arrays.stream(tensor.ints()).forEach(v -> values.add(NODES.numberNode(v)));
            case BOOL -> {
                for (boolean v : tensor.booleans()) {
                    values.add(NODES.booleanNode(v));
                }
            }
            case BYTES -> {
                for (byte[] v : tensor.bytes()) {
                    values.add(NODES.textNode(new String(v, java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
        }
        return values;
    }

    private static JsonNode number(double v) {
        // Python's json writes NaN and Infinity as bare tokens; JSON has no such numbers, so null
        return Double.isFinite(v) ? NODES.numberNode(v) : NODES.nullNode();
    }

    private static CapstanException evaluationError(String detail) {
        return new CapstanException(ErrorCode.BAD_REQUEST, "%s", EVALUATION_ERROR + " Detail: " + detail);
    }
}
