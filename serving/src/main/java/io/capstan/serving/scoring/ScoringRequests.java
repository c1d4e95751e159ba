package io.capstan.serving.scoring;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code /invocations} bodies as MLflow's scoring server does: the content type first
 * (415 for anything but JSON or CSV in UTF-8), then exactly one of {@code dataframe_split},
 * {@code dataframe_records}, {@code instances} or {@code inputs}. Client mistakes are
 * {@link CapstanException}s with BAD_REQUEST and MLflow's wording; an unsupported content type is
 * an {@link UnsupportedContentTypeException}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ScoringRequests {
    static final String JSON = "application/json";
    static final String CSV = "text/csv";
    static final String PARQUET = "application/vnd.apache.parquet";
    private static final List<String> FORMATS = List.of("dataframe_split", "dataframe_records", "instances", "inputs");
    private static final String REQUIRED_FORMAT = "The input must be a JSON dictionary with exactly one of the "
            + "input fields {'dataframe_split', 'dataframe_records', 'instances', 'inputs'}";
    static final String PROTOCOL_CHANGE_INFO = "IMPORTANT: The MLflow Model scoring protocol has changed in "
            + "MLflow version 2.0. If you are seeing this error, you are likely using an outdated scoring request "
            + "format. To resolve the error, either update your request format or adjust your MLflow Model's "
            + "requirements file to specify an older version of MLflow (for example, change the 'mlflow' "
            + "requirement specifier to 'mlflow==1.30.0'). If you are making a request using the MLflow client "
            + "(e.g. via `mlflow.pyfunc.spark_udf()`), upgrade your MLflow client to a version >= 2.0 in order "
            + "to use the new request format. For more information about the updated MLflow Model scoring "
            + "protocol in MLflow 2.0, see https://mlflow.org/docs/latest/models.html#deploy-mlflow-models.";

    /**
     * Buffers from a shared pool (Jackson's default pool is per thread, and each request runs on a
     * new virtual thread), numbers through Jackson's fast double parser (correctly rounded, as
     * {@link Double#parseDouble}, without its BigInteger garbage for 17-digit decimals).
     */
    private final JsonMapper json = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newBoundedPool(256)).build())
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    private final CsvMapper csv = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    /**
     * Parses one request body.
     *
     * @param contentType the request's Content-Type header; null when absent
     * @param body the raw body; not null
     * @throws UnsupportedContentTypeException for a content type MLflow answers with 415
     * @throws CapstanException BAD_REQUEST for a body MLflow refuses
     */
    public ScoringInput parse(String contentType, byte[] body) {
        requireNonNull(body, "body is null");
        String mimeType = checkContentType(contentType);
        String text = utf8(body, mimeType);
        return mimeType.equals(CSV) ? parseCsv(text) : parseJson(text);
    }

    private static String checkContentType(String contentType) {
        String header = contentType == null ? "" : contentType;
        String[] parts = header.split(";");
        String mimeType = parts[0].strip();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String pair = parts[i].strip();
            int eq = pair.indexOf('=');
            parameters.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        if (!parameters.getOrDefault("charset", "utf-8").toLowerCase(Locale.ROOT).equals("utf-8")) {
            throw new UnsupportedContentTypeException("The scoring server only supports UTF-8");
        }
        Set<String> unexpected = new LinkedHashSet<>(parameters.keySet());
        unexpected.remove("charset");
        if (!unexpected.isEmpty()) {
            throw new UnsupportedContentTypeException("Unrecognized content type parameters: "
                    + String.join(", ", unexpected) + ". " + PROTOCOL_CHANGE_INFO);
        }
        if (mimeType.equals(PARQUET)) {
            throw new UnsupportedContentTypeException("Parquet request bodies are not supported by Capstan yet; "
                    + "send the frame as 'dataframe_split' JSON or as text/csv.");
        }
        if (!mimeType.equals(JSON) && !mimeType.equals(CSV)) {
            throw new UnsupportedContentTypeException("This predictor only supports the following content types: "
                    + "Types: ['text/csv', 'application/json', 'application/vnd.apache.parquet']. Got '"
                    + (contentType == null ? "None" : contentType) + "'.");
        }
        return mimeType;
    }

    private static String utf8(byte[] body, String mimeType) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw invalidInput(mimeType.equals(CSV)
                    ? "Ensure that input is a valid UTF-8 encoded string."
                    : "Ensure that input is a valid JSON formatted string. The body is not UTF-8.");
        }
    }

    private ScoringInput parseJson(String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JacksonException e) {
            throw invalidInput("Ensure that input is a valid JSON formatted string. Error: '"
                    + e.getOriginalMessage() + "'");
        }
        if (root == null || root.isMissingNode()) {
            throw invalidInput("Ensure that input is a valid JSON formatted string. Error: 'the body is empty'");
        }
        if (root.isArray()) {
            throw invalidInput(REQUIRED_FORMAT + ". Received a list.");
        }
        if (!root.isObject()) {
            throw invalidInput(REQUIRED_FORMAT + ". Received unexpected input type '" + root.getNodeType() + "'.");
        }
        List<String> present = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (FORMATS.contains(name)) {
                present.add(name);
            }
        });
        if (present.size() != 1) {
            throw badRequest(REQUIRED_FORMAT + ". Received dictionary with input fields: "
                    + pythonList(present) + ". " + PROTOCOL_CHANGE_INFO);
        }
        String format = present.get(0);
        JsonNode data = root.get(format);
        return switch (format) {
            case "dataframe_split" -> split(data);
            case "dataframe_records" -> records(data);
            default -> tfServing(data);
        };
    }

    private static ScoringInput.Frame split(JsonNode data) {
        if (!data.isObject()) {
            throw dataframeError("'dataframe_split' must be an object with 'columns' and 'data'");
        }
        JsonNode rowsNode = data.get("data");
        if (rowsNode == null || !rowsNode.isArray()) {
            throw dataframeError("'dataframe_split' needs a 'data' array of rows");
        }
        JsonNode columnsNode = data.get("columns");
        List<String> columns = new ArrayList<>();
        if (columnsNode != null && !columnsNode.isNull()) {
            if (!columnsNode.isArray()) {
                throw dataframeError("'columns' must be an array");
            }
            columnsNode.forEach(c -> columns.add(c.isTextual() ? c.textValue() : c.toString()));
        } else if (!rowsNode.isEmpty()) {
            // pandas numbers unnamed columns 0, 1, ...
            JsonNode first = rowsNode.get(0);
            for (int i = 0; i < (first.isArray() ? first.size() : 1); i++) {
                columns.add(Integer.toString(i));
            }
        }
        List<List<JsonNode>> rows = new ArrayList<>();
        for (JsonNode row : rowsNode) {
            List<JsonNode> values = new ArrayList<>();
            if (row.isArray()) {
                row.forEach(values::add);
            } else {
                values.add(row);
            }
            if (values.size() != columns.size()) {
                throw dataframeError(columns.size() + " columns passed, passed data had " + values.size() + " columns");
            }
            rows.add(values);
        }
        return new ScoringInput.Frame(columns, rows);
    }

    private static ScoringInput.Frame records(JsonNode data) {
        if (!data.isArray()) {
            throw dataframeError("'dataframe_records' must be a list of records");
        }
        // pandas' columns are the union of the records' keys, in first-seen order; gaps are NaN
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        for (JsonNode record : data) {
            if (!record.isObject()) {
                throw dataframeError("each record in 'dataframe_records' must be an object");
            }
            record.fieldNames().forEachRemaining(columns::add);
        }
        List<List<JsonNode>> rows = new ArrayList<>();
        for (JsonNode record : data) {
            List<JsonNode> values = new ArrayList<>();
            for (String column : columns) {
                JsonNode value = record.get(column);
                values.add(value == null ? JsonNodeFactory.instance.nullNode() : value);
            }
            rows.add(values);
        }
        return new ScoringInput.Frame(new ArrayList<>(columns), rows);
    }

    private static ScoringInput tfServing(JsonNode data) {
        if (data.isObject()) {
            Map<String, JsonNode> named = new LinkedHashMap<>();
            data.fields().forEachRemaining(e -> named.put(e.getKey(), e.getValue()));
            return new ScoringInput.Named(named, false);
        }
        if (data.isArray() && !data.isEmpty() && allObjects(data)) {
            // TF serving's row format: a list of {input: value} becomes {input: [values...]}
            Map<String, JsonNode> named = new LinkedHashMap<>();
            Iterator<JsonNode> rows = data.elements();
            Set<String> keys = new LinkedHashSet<>();
            data.get(0).fieldNames().forEachRemaining(keys::add);
            while (rows.hasNext()) {
                JsonNode row = rows.next();
                Set<String> rowKeys = new LinkedHashSet<>();
                row.fieldNames().forEachRemaining(rowKeys::add);
                if (!rowKeys.equals(keys)) {
                    throw invalidInput("Failed to parse data as TF serving input. The input has inconsistent keys "
                            + "across instances.");
                }
                for (String key : keys) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) named.computeIfAbsent(key,
                            k -> JsonNodeFactory.instance.arrayNode())).add(row.get(key));
                }
            }
            return new ScoringInput.Named(named, true);
        }
        return new ScoringInput.Array(data);
    }

    private ScoringInput.Frame parseCsv(String text) {
        List<List<String>> lines = new ArrayList<>();
        try (MappingIterator<List<String>> it = csv.readerForListOf(String.class).readValues(text)) {
            while (it.hasNext()) {
                lines.add(it.next());
            }
        } catch (IOException | RuntimeException e) {
            throw csvError(e.getMessage());
        }
        if (lines.isEmpty() || lines.get(0).isEmpty() || (lines.size() == 1 && lines.get(0).equals(List.of("")))) {
            throw csvError("No columns to parse from file");
        }
        List<String> columns = lines.get(0);
        List<List<JsonNode>> rows = new ArrayList<>();
        for (List<String> line : lines.subList(1, lines.size())) {
            if (line.size() == 1 && line.get(0).isEmpty()) {
                continue; // blank line, as pandas skips it
            }
            if (line.size() > columns.size()) {
                throw csvError("Expected " + columns.size() + " fields in line " + (rows.size() + 2) + ", saw "
                        + line.size());
            }
            List<JsonNode> values = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                values.add(i < line.size() ? csvCell(line.get(i)) : JsonNodeFactory.instance.nullNode());
            }
            rows.add(values);
        }
        return new ScoringInput.Frame(columns, rows);
    }

    /** A CSV cell as pandas types it: empty is missing, numbers are numbers, the rest is text. */
    private static JsonNode csvCell(String cell) {
        String s = cell.strip();
        if (s.isEmpty() || s.equals("NaN") || s.equals("nan") || s.equals("NA") || s.equals("null")) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return JsonNodeFactory.instance.numberNode(Long.parseLong(s));
        } catch (NumberFormatException notLong) {
            try {
                BigDecimal decimal = new BigDecimal(s);
                return JsonNodeFactory.instance.numberNode(decimal.doubleValue());
            } catch (NumberFormatException notNumber) {
                return JsonNodeFactory.instance.textNode(cell);
            }
        }
    }

    private static boolean allObjects(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isObject()) {
                return false;
            }
        }
        return true;
    }

    private static String pythonList(List<String> names) {
        List<String> quoted = new ArrayList<>();
        names.forEach(n -> quoted.add("'" + n + "'"));
        return "[" + String.join(", ", quoted) + "]";
    }

    /** MLflow's MlflowInvalidInputException: BAD_REQUEST, "Invalid input. ..." */
    static CapstanException invalidInput(String message) {
        return badRequest("Invalid input. " + message);
    }

    static CapstanException badRequest(String message) {
        return new CapstanException(ErrorCode.BAD_REQUEST, "%s", message);
    }

    private static CapstanException dataframeError(String detail) {
        return invalidInput("Dataframe could not be parsed: " + detail + ".");
    }

    private static CapstanException csvError(String detail) {
        return badRequest("Failed to parse input as a Pandas DataFrame. Ensure that the input is a valid "
                + "CSV-formatted Pandas DataFrame produced using the `pandas.DataFrame.to_csv()` method. Error: '"
                + detail + "'");
    }
}
