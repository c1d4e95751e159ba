package io.capstan.serving.oip;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.serving.spi.DataType;
import io.capstan.serving.spi.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Open Inference Protocol v2 (KServe v2 / Triton) REST JSON codec: request and response bodies
 * to and from {@link Tensor}s. No HTTP here; routes live in {@code server}.
 *
 * <p>Tensor {@code data} may be flat or nested arrays, flattened row-major; its element count must
 * equal the product of {@code shape}. Elements must fit the datatype exactly: integers for INT32
 * and INT64 (in range), numbers for FP32/FP64, booleans for BOOL, strings (UTF-8) for BYTES.
 * Every client mistake is a {@link CapstanException} with INVALID_PARAMETER_VALUE.
 *
 * <p>Triton's binary tensor data extension is supported both ways: an input whose
 * {@code parameters.binary_data_size} is set takes its data from the bytes after the JSON header
 * (whose length the {@code Inference-Header-Content-Length} HTTP header gives), little-endian,
 * row-major, BOOL as one byte, BYTES as a 4-byte length before each element; outputs asked for
 * with {@code binary_data} (or all outputs, with the request-level {@code binary_data_output}) are
 * answered the same way.
 *
 * <p>Stateless and thread-safe; the methods are pure functions of their arguments.
 */
public final class V2Codec {
    /**
     * Jackson's buffers come from a shared, bounded pool: its default pool is per thread, and
     * servers run each request on a new virtual thread, so every request would allocate its
     * parser's and generator's buffers afresh. Numbers go through Jackson's fast double parser
     * (correctly rounded, as {@link Double#parseDouble}, without its BigInteger garbage).
     */
    private final JsonMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newBoundedPool(256)).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    /** Decodes a JSON-only request body. @throws CapstanException INVALID_PARAMETER_VALUE if malformed */
    public InferenceRequest decodeRequest(byte[] json) {
        return decodeRequest(json, -1);
    }

    /**
     * Decodes a request body that may carry binary tensor data.
     *
     * @param body the whole HTTP body; not null
     * @param headerLength the {@code Inference-Header-Content-Length} header: the length of the
     *     JSON part, the rest being binary data; -1 when the header is absent (all JSON)
     * @throws CapstanException INVALID_PARAMETER_VALUE if malformed
     */
    public InferenceRequest decodeRequest(byte[] body, int headerLength) {
        requireNonNull(body, "body is null");
        if (headerLength == 0) {
            throw CapstanException.invalid("Raw binary requests (Inference-Header-Content-Length: 0) are not "
                    + "supported; send a JSON header naming the input");
        }
        if (headerLength > body.length || headerLength < -1) {
            throw CapstanException.invalid("Inference-Header-Content-Length is %d but the body has %d bytes",
                    headerLength, body.length);
        }
        byte[] json = headerLength < 0 ? body : Arrays.copyOf(body, headerLength);
        ByteBuffer binary = ByteBuffer.wrap(body, Math.max(headerLength, 0),
                headerLength < 0 ? 0 : body.length - headerLength).slice().order(ByteOrder.LITTLE_ENDIAN);
        JsonNode root = parse(json, "inference request");
        String id = optionalText(root, "id", "request");
        JsonNode inputsNode = root.get("inputs");
        if (inputsNode == null || !inputsNode.isArray() || inputsNode.isEmpty()) {
            throw CapstanException.invalid("Inference request needs a non-empty 'inputs' array");
        }
        Map<String, Tensor> inputs = tensors(inputsNode, "input", binary);
        if (binary.hasRemaining()) {
            throw CapstanException.invalid("The request has %d bytes of binary data that no input claims",
                    binary.remaining());
        }
        boolean binaryByDefault = root.path("parameters").path("binary_data_output").asBoolean(false);
        Set<String> binaryOutputs = new LinkedHashSet<>();
        List<String> outputs = new ArrayList<>();
        JsonNode outputsNode = root.get("outputs");
        if (outputsNode != null && !outputsNode.isNull()) {
            if (!outputsNode.isArray()) {
                throw CapstanException.invalid("'outputs' must be an array");
            }
            for (JsonNode output : outputsNode) {
                String name = requiredText(output, "name", "requested output");
                JsonNode binaryFlag = output.path("parameters").path("binary_data");
                if (binaryFlag.isBoolean() ? binaryFlag.booleanValue() : binaryByDefault) {
                    binaryOutputs.add(name);
                }
                if (outputs.contains(name)) {
                    throw CapstanException.invalid("Output '%s' is requested twice", name);
                }
                outputs.add(name);
            }
        }
        return new InferenceRequest(id, inputs, outputs, binaryOutputs, binaryByDefault);
    }

    /** Encodes a request body (what a client sends); data is written flat. */
    public byte[] encodeRequest(InferenceRequest request) {
        requireNonNull(request, "request is null");
        return write(g -> {
            g.writeStartObject();
            if (request.id() != null) {
                g.writeStringField("id", request.id());
            }
            g.writeArrayFieldStart("inputs");
            for (Tensor tensor : request.inputs().values()) {
                writeTensor(g, tensor);
            }
            g.writeEndArray();
            if (!request.outputs().isEmpty()) {
                g.writeArrayFieldStart("outputs");
                for (String name : request.outputs()) {
                    g.writeStartObject();
                    g.writeStringField("name", name);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    /** Encodes a response body; {@code model_version} and {@code id} are omitted when null. */
    public byte[] encodeResponse(InferenceResponse response) {
        requireNonNull(response, "response is null");
        return writeResponse(response, Set.of(), new ArrayList<>());
    }

    /**
     * A response body: JSON, or a JSON header followed by binary tensor data.
     *
     * @param body the whole HTTP body
     * @param headerLength the JSON header's length for {@code Inference-Header-Content-Length};
     *     -1 when the body is all JSON
     */
    public record Encoded(byte[] body, int headerLength) {
    }

    /**
     * Encodes a response, putting the outputs the request asked for in binary after the JSON
     * header.
     */
    public Encoded encodeResponse(InferenceResponse response, InferenceRequest request) {
        requireNonNull(response, "response is null");
        requireNonNull(request, "request is null");
        Set<String> binary = new LinkedHashSet<>();
        for (Tensor tensor : response.outputs().values()) {
            if (request.binary(tensor.name())) {
                binary.add(tensor.name());
            }
        }
        List<byte[]> blobs = new ArrayList<>();
        byte[] header = writeResponse(response, binary, blobs);
        if (blobs.isEmpty()) {
            return new Encoded(header, -1);
        }
        int total = header.length;
        for (byte[] blob : blobs) {
            total = Math.addExact(total, blob.length);
        }
        ByteBuffer body = ByteBuffer.allocate(total).put(header);
        blobs.forEach(body::put);
        return new Encoded(body.array(), header.length);
    }

    /** The JSON part of a response; the data of outputs named in {@code binary} goes to {@code blobs}. */
    private byte[] writeResponse(InferenceResponse response, Set<String> binary, List<byte[]> blobs) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("model_name", response.modelName());
            if (response.modelVersion() != null) {
                g.writeStringField("model_version", response.modelVersion());
            }
            if (response.id() != null) {
                g.writeStringField("id", response.id());
            }
            g.writeArrayFieldStart("outputs");
            for (Tensor tensor : response.outputs().values()) {
                if (binary.contains(tensor.name())) {
                    byte[] blob = BinaryTensors.write(tensor);
                    blobs.add(blob);
                    TensorJson.writeHead(g, tensor);
                    g.writeObjectFieldStart("parameters");
                    g.writeNumberField("binary_data_size", blob.length);
                    g.writeEndObject();
                    g.writeEndObject();
                } else {
                    writeTensor(g, tensor);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** Decodes a response body (what a client reads). @throws CapstanException if malformed */
    public InferenceResponse decodeResponse(byte[] json) {
        JsonNode root = parse(json, "inference response");
        String modelName = requiredText(root, "model_name", "response");
        String modelVersion = optionalText(root, "model_version", "response");
        String id = optionalText(root, "id", "response");
        JsonNode outputsNode = root.get("outputs");
        if (outputsNode == null || !outputsNode.isArray()) {
            throw CapstanException.invalid("Inference response needs an 'outputs' array");
        }
        return new InferenceResponse(modelName, modelVersion, id,
                tensors(outputsNode, "output", ByteBuffer.allocate(0)));
    }

    private JsonNode parse(byte[] json, String what) {
        requireNonNull(json, "json is null");
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e,
                    "Malformed JSON in " + what + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw CapstanException.invalid("The %s must be a JSON object", what);
        }
        return root;
    }

    private Map<String, Tensor> tensors(JsonNode array, String role, ByteBuffer binary) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (JsonNode node : array) {
            Tensor tensor = tensor(node, role, binary);
            if (tensors.putIfAbsent(tensor.name(), tensor) != null) {
                throw CapstanException.invalid("The %s '%s' appears twice", role, tensor.name());
            }
        }
        return tensors;
    }

    private Tensor tensor(JsonNode node, String role, ByteBuffer binary) {
        if (!node.isObject()) {
            throw CapstanException.invalid("Each %s must be a JSON object", role);
        }
        String name = requiredText(node, "name", role);
        String what = role + " '" + name + "'";
        DataType datatype = DataType.fromWire(requiredText(node, "datatype", what));
        long[] shape = shape(node.get("shape"), what);
        JsonNode binarySize = node.path("parameters").path("binary_data_size");
        if (!binarySize.isMissingNode()) {
            if (!binarySize.canConvertToLong() || !binarySize.isIntegralNumber() || binarySize.longValue() < 0) {
                throw CapstanException.invalid("The %s has an invalid binary_data_size %s", what, binarySize);
            }
            if (node.has("data")) {
                throw CapstanException.invalid("The %s has both 'data' and binary_data_size", what);
            }
            return BinaryTensors.read(name, datatype, shape, binarySize.longValue(), binary, what);
        }
        JsonNode data = node.get("data");
        if (data == null || data.isNull()) {
            throw CapstanException.invalid("The %s has no 'data'", what);
        }
        List<JsonNode> flat = new ArrayList<>();
        flatten(data, flat);
        long expected = Tensor.elementCount(name, shape);
        if (flat.size() != expected) {
            throw CapstanException.invalid("The %s has shape %s (%d elements) but %d data values",
                    what, Arrays.toString(shape), expected, flat.size());
        }
        return new Tensor(name, datatype, shape, values(datatype, flat, what));
    }

    private static long[] shape(JsonNode node, String what) {
        if (node == null || !node.isArray()) {
            throw CapstanException.invalid("The %s needs a 'shape' array", what);
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = node.get(i);
            if (!dim.isIntegralNumber() || !dim.canConvertToLong() || dim.longValue() < 0) {
                throw CapstanException.invalid("The %s has an invalid shape %s: dimensions are "
                        + "non-negative integers", what, node);
            }
            shape[i] = dim.longValue();
        }
        return shape;
    }

    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                flatten(element, out);
            }
        } else {
            out.add(node);
        }
    }

    private static Object values(DataType datatype, List<JsonNode> flat, String what) {
        int n = flat.size();
        switch (datatype) {
            case FP32 -> {
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = (float) number(flat.get(i), datatype, what);
                }
                return values;
            }
            case FP64 -> {
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    values[i] = number(flat.get(i), datatype, what);
                }
                return values;
            }
            case INT64 -> {
                long[] values = new long[n];
                for (int i = 0; i < n; i++) {
                    JsonNode v = flat.get(i);
                    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                        throw badElement(v, datatype, what);
                    }
                    values[i] = v.longValue();
                }
                return values;
            }
            case INT32 -> {
                int[] values = new int[n];
                for (int i = 0; i < n; i++) {
                    JsonNode v = flat.get(i);
                    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                        throw badElement(v, datatype, what);
                    }
                    values[i] = v.intValue();
                }
                return values;
            }
            case BOOL -> {
                boolean[] values = new boolean[n];
                for (int i = 0; i < n; i++) {
                    JsonNode v = flat.get(i);
                    if (!v.isBoolean()) {
                        throw badElement(v, datatype, what);
                    }
                    values[i] = v.booleanValue();
                }
                return values;
            }
            case BYTES -> {
                byte[][] values = new byte[n][];
                for (int i = 0; i < n; i++) {
                    JsonNode v = flat.get(i);
                    if (!v.isTextual()) {
                        throw badElement(v, datatype, what);
                    }
                    values[i] = v.textValue().getBytes(StandardCharsets.UTF_8);
                }
                return values;
            }
        }
        throw new AssertionError(datatype);
    }

    private static double number(JsonNode v, DataType datatype, String what) {
        if (!v.isNumber()) {
            throw badElement(v, datatype, what);
        }
        return v.doubleValue();
    }

    private static CapstanException badElement(JsonNode v, DataType datatype, String what) {
        return CapstanException.invalid("The %s is %s but has data element %s", what, datatype,
                v.isTextual() ? "\"" + v.textValue() + "\"" : v.toString());
    }

    private static String requiredText(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw CapstanException.invalid("The %s needs a string '%s'", what, field);
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw CapstanException.invalid("The %s field '%s' must be a string", what, field);
        }
        return value.textValue();
    }

    private static void writeTensor(JsonGenerator g, Tensor tensor) throws IOException {
        TensorJson.write(g, tensor, TensorJson.NonFinite.REFUSE);
    }

    private interface Body {
        void writeTo(JsonGenerator generator) throws IOException;
    }

    private byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = mapper.createGenerator(out)) {
            body.writeTo(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
