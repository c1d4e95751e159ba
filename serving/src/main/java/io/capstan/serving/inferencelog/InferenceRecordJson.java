package io.capstan.serving.inferencelog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.capstan.serving.oip.TensorJson;
import io.capstan.serving.spi.DataType;
import io.capstan.serving.spi.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One record as one line of JSON, and back. Field names are snake_case like MLflow's and the
 * Open Inference Protocol's; tensors are written as OIP v2 tensors with flat data
 * ({@code {"name","datatype","shape","data"}}), BYTES as UTF-8 text, non-finite floats as the
 * strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. Floats are written in their
 * shortest exact form and parsed from that text, so a record round-trips exactly (BYTES that are
 * not valid UTF-8 excepted).
 *
 * <p>Thread-safe.
 */
final class InferenceRecordJson {
    private final JsonMapper mapper = JsonMapper.builder().build();

    /** The record as UTF-8 JSON followed by a newline. */
    byte[] line(InferenceRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("request_id", record.requestId());
            g.writeStringField("timestamp", DateTimeFormatter.ISO_INSTANT.format(record.timestamp()));
            g.writeStringField("model_name", record.modelName());
            g.writeStringField("model_version", record.modelVersion());
            if (record.deploymentName() == null) {
                g.writeNullField("deployment_name");
            } else {
                g.writeStringField("deployment_name", record.deploymentName());
            }
            g.writeArrayFieldStart("inputs");
            for (Tensor tensor : record.inputs()) {
                writeTensor(g, tensor);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("outputs");
            for (Tensor tensor : record.outputs()) {
                writeTensor(g, tensor);
            }
            g.writeEndArray();
            g.writeNumberField("latency_us", record.latencyMicros());
            g.writeStringField("status", record.status());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeTensor(JsonGenerator g, Tensor tensor) throws IOException {
        TensorJson.write(g, tensor, TensorJson.NonFinite.AS_STRINGS);
    }

    /**
     * Parses one line (without its newline). Streaming, so every number is parsed from its own
     * text: exact for floats, negative zero included.
     *
     * @throws IllegalArgumentException when the line is not a record
     */
    InferenceRecord parse(byte[] line, int length) {
        try (JsonParser p = mapper.getFactory().createParser(line, 0, length)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            String requestId = null;
            Instant timestamp = null;
            String modelName = null;
            String modelVersion = null;
            String deploymentName = null;
            List<Tensor> inputs = null;
            List<Tensor> outputs = null;
            Long latency = null;
            String status = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "request_id" -> requestId = text(p, value);
                    case "timestamp" -> timestamp = Instant.parse(text(p, value));
                    case "model_name" -> modelName = text(p, value);
                    case "model_version" -> modelVersion = text(p, value);
                    case "deployment_name" -> deploymentName = value == JsonToken.VALUE_NULL ? null : text(p, value);
                    case "inputs" -> inputs = tensors(p, value);
                    case "outputs" -> outputs = tensors(p, value);
                    case "latency_us" -> {
                        expect(value, JsonToken.VALUE_NUMBER_INT);
                        latency = p.getLongValue();
                    }
                    case "status" -> status = text(p, value);
                    // fields added by later versions are skipped, so old readers read new logs
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content");
            }
            if (requestId == null || timestamp == null || modelName == null || modelVersion == null
                    || inputs == null || outputs == null || latency == null || status == null) {
                throw new IllegalArgumentException("missing fields");
            }
            return new InferenceRecord(requestId, timestamp, modelName, modelVersion, deploymentName, inputs,
                    outputs, latency, status);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed inference record: " + e.getMessage(), e);
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + ", got " + actual);
        }
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        expect(value, JsonToken.VALUE_STRING);
        return p.getText();
    }

    private static List<Tensor> tensors(JsonParser p, JsonToken value) throws IOException {
        expect(value, JsonToken.START_ARRAY);
        List<Tensor> tensors = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            DataType type = null;
            List<Long> shape = new ArrayList<>();
            List<String> data = new ArrayList<>();
            List<Boolean> booleans = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                switch (field) {
                    case "name" -> name = text(p, token);
                    case "datatype" -> type = DataType.fromWire(text(p, token));
                    case "shape" -> {
                        expect(token, JsonToken.START_ARRAY);
                        while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                            shape.add(p.getLongValue());
                        }
                        expect(p.currentToken(), JsonToken.END_ARRAY);
                    }
                    case "data" -> {
                        expect(token, JsonToken.START_ARRAY);
                        for (JsonToken element = p.nextToken(); element != JsonToken.END_ARRAY; element = p.nextToken()) {
                            if (element == JsonToken.VALUE_TRUE || element == JsonToken.VALUE_FALSE) {
                                booleans.add(element == JsonToken.VALUE_TRUE);
                            } else if (element.isScalarValue() && element != JsonToken.VALUE_NULL) {
                                data.add(p.getText());
                            } else {
                                throw new IllegalArgumentException("unexpected " + element + " in tensor data");
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (name == null || type == null) {
                throw new IllegalArgumentException("tensor without name or datatype");
            }
            long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
            int n = type == DataType.BOOL ? booleans.size() : data.size();
            Object values = switch (type) {
                case BOOL -> {
                    boolean[] v = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = booleans.get(i);
                    }
                    yield v;
                }
                case INT32 -> {
                    int[] v = new int[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = Integer.parseInt(data.get(i));
                    }
                    yield v;
                }
                case INT64 -> {
                    long[] v = new long[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = Long.parseLong(data.get(i));
                    }
                    yield v;
                }
                case FP32 -> {
                    float[] v = new float[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = Float.parseFloat(data.get(i));
                    }
                    yield v;
                }
                case FP64 -> {
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = Double.parseDouble(data.get(i));
                    }
                    yield v;
                }
                case BYTES -> {
                    byte[][] v = new byte[n][];
                    for (int i = 0; i < n; i++) {
                        v[i] = data.get(i).getBytes(StandardCharsets.UTF_8);
                    }
                    yield v;
                }
            };
            tensors.add(new Tensor(name, type, dims, values));
        }
        expect(p.currentToken(), JsonToken.END_ARRAY);
        return tensors;
    }
}
