package io.capstan.monitoring.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;
import io.capstan.monitoring.drift.ColumnResult;
import io.capstan.monitoring.drift.Correction;
import io.capstan.monitoring.drift.DriftExtras;
import io.capstan.monitoring.drift.DatasetDriftResult;
import io.capstan.monitoring.drift.Distribution;
import io.capstan.monitoring.drift.DriftOptions;
import io.capstan.monitoring.drift.StatTest;
import io.capstan.monitoring.quality.Labels;
import static io.capstan.monitoring.monitor.JsonFields.putNullable;
import static io.capstan.monitoring.monitor.JsonFields.putNumber;
import static io.capstan.monitoring.monitor.JsonFields.requireObject;
import static io.capstan.monitoring.monitor.JsonFields.textValue;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON form of monitors, windows and ground truth, used by the REST API and the SQL store
 * (see docs/monitoring.md). Field names are snake_case; times ISO-8601 UTC; durations seconds.
 * Stateless and thread-safe.
 */
public final class MonitorJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    /** The most labels one ground-truth call takes. */
    public static final int MAX_LABELS_PER_CALL = 10_000;

    private MonitorJson() {
    }

    // ---- specs ---------------------------------------------------------------------------------

    /**
     * Reads a monitor spec.
     *
     * <p>Without {@code start}, the spec's start is null: see {@link MonitorSpec}.
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE naming the field that is wrong
     */
    public static MonitorSpec spec(JsonNode node) {
        requireObject(node, "A monitor");
        String name = JsonFields.text(node, "name", true);
        MonitorSource source = source(node.get("source"));
        JsonNode reference = node.get("reference");
        requireObject(reference, "'reference'");
        String uri = JsonFields.text(reference, "uri", true);
        Duration window = Duration.ofSeconds(wholeNumber(node, "window_seconds", 3600));
        Duration delay = Duration.ofSeconds(wholeNumber(node, "delay_seconds", 30));
        int minRows = (int) Math.min(Integer.MAX_VALUE, wholeNumber(node, "min_rows", 30));
        if (window.isNegative() || window.isZero()) {
            throw CapstanException.invalid("'window_seconds' must be a whole number from 10 to 2592000");
        }
        Instant start = node.hasNonNull("start") ? instant(node.get("start"), "start") : null;
        return new MonitorSpec(name, source, uri, strings(node, "feature_names"), strings(node, "columns"), window,
                delay, minRows, drift(node.get("drift")), qualitySpec(node.get("quality")), start);
    }

    /** Writes a spec. */
    public static ObjectNode json(MonitorSpec spec) {
        ObjectNode node = NODES.objectNode();
        node.put("name", spec.name());
        ObjectNode source = node.putObject("source");
        switch (spec.source()) {
            case MonitorSource.Deployment d -> source.put("deployment", d.deployment());
            case MonitorSource.Dataset d -> source.put("path", d.path()).put("timestamp_column", d.timestampColumn());
        }
        node.putObject("reference").put("uri", spec.referenceUri());
        spec.featureNames().forEach(node.putArray("feature_names")::add);
        spec.columns().forEach(node.putArray("columns")::add);
        node.put("window_seconds", spec.window().toSeconds());
        node.put("delay_seconds", spec.delay().toSeconds());
        node.put("min_rows", spec.minRows());
        node.set("drift", json(spec.drift()));
        if (spec.quality() == null) {
            node.putNull("quality");
        } else {
            QualitySpec q = spec.quality();
            ObjectNode quality = node.putObject("quality");
            quality.put("task", q.task().id());
            quality.put("prediction", q.prediction());
            putNullable(quality, "score", q.score());
            putNullable(quality, "target", q.target());
            putNullable(quality, "positive_label", q.positiveLabel());
            q.classes().forEach(quality.putArray("classes")::add);
        }
        if (spec.start() == null) {
            node.putNull("start");
        } else {
            node.put("start", spec.start().toString());
        }
        return node;
    }

    /** Writes a stored monitor with its newest window and its newest tested window (either may be null). */
    public static ObjectNode json(StoredMonitor monitor, WindowResult latest, WindowResult latestTested) {
        ObjectNode node = json(monitor.spec());
        node.put("created_at", monitor.createdAt().toString());
        node.put("updated_at", monitor.updatedAt().toString());
        if (latest == null) {
            node.putNull("latest_window");
        } else {
            node.set("latest_window", summary(latest));
        }
        if (latestTested == null) {
            node.putNull("latest_tested_window");
        } else {
            node.set("latest_tested_window", summary(latestTested));
        }
        return node;
    }

    private static MonitorSource source(JsonNode node) {
        requireObject(node, "'source'");
        boolean deployment = node.hasNonNull("deployment");
        boolean path = node.hasNonNull("path");
        if (deployment == path) {
            throw CapstanException.invalid("'source' needs either 'deployment' or 'path' (with 'timestamp_column')");
        }
        if (deployment) {
            return new MonitorSource.Deployment(JsonFields.text(node, "deployment", true));
        }
        return new MonitorSource.Dataset(JsonFields.text(node, "path", true), JsonFields.text(node, "timestamp_column", true));
    }

    private static DriftOptions drift(JsonNode node) {
        DriftOptions options = DriftOptions.defaults();
        if (node == null || node.isNull()) {
            return options;
        }
        requireObject(node, "'drift'");
        options = options.withStattests(test(node, "stattest"), test(node, "num_stattest"), test(node, "cat_stattest"),
                perColumn(node, "per_column_stattest", v -> StatTest.fromId(textValue(v, "per_column_stattest"))));
        options = options.withThresholds(number(node, "threshold"), number(node, "num_threshold"),
                number(node, "cat_threshold"), perColumn(node, "per_column_threshold", v -> {
                    if (!v.isNumber()) {
                        throw CapstanException.invalid("'drift.per_column_threshold' values must be numbers");
                    }
                    return v.doubleValue();
                }));
        Double share = number(node, "drift_share");
        if (share != null) {
            if (!(share >= 0 && share <= 1)) {
                throw CapstanException.invalid("'drift.drift_share' must be between 0 and 1");
            }
            options = options.withDriftShare(share);
        }
        // Capstan's opt-in extras (docs/drift.md): off unless asked, so a window's numbers stay Evidently's
        Double missingThreshold = number(node, "missing_threshold");
        boolean countMissing = flag(node, "count_missing_drift");
        boolean missing = flag(node, "missing_drift") || countMissing;
        String correction = JsonFields.text(node, "correction", false);
        try {
            options = options.withExtras(new DriftExtras(missing, missingThreshold == null
                    ? DriftExtras.DEFAULT_MISSING_THRESHOLD : missingThreshold, countMissing,
                    correction == null ? null : Correction.fromId(correction), flag(node, "effect_sizes")));
        } catch (IllegalArgumentException e) {
            throw CapstanException.invalid("'drift': %s", e.getMessage());
        }
        return options;
    }

    private static boolean flag(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw CapstanException.invalid("'drift.%s' must be true or false", field);
        }
        return v.booleanValue();
    }

    private static ObjectNode json(DriftOptions o) {
        ObjectNode node = NODES.objectNode();
        putNullable(node, "stattest", o.stattest() == null ? null : o.stattest().id());
        putNullable(node, "num_stattest", o.numStattest() == null ? null : o.numStattest().id());
        putNullable(node, "cat_stattest", o.catStattest() == null ? null : o.catStattest().id());
        ObjectNode perTest = node.putObject("per_column_stattest");
        o.perColumnStattest().forEach((k, v) -> perTest.put(k, v.id()));
        putNullable(node, "threshold", o.threshold());
        putNullable(node, "num_threshold", o.numThreshold());
        putNullable(node, "cat_threshold", o.catThreshold());
        ObjectNode perThreshold = node.putObject("per_column_threshold");
        o.perColumnThreshold().forEach(perThreshold::put);
        node.put("drift_share", o.driftShare());
        DriftExtras extras = o.extras();
        node.put("missing_drift", extras.missingDrift());
        node.put("missing_threshold", extras.missingThreshold());
        node.put("count_missing_drift", extras.countMissingDrift());
        putNullable(node, "correction", extras.correction() == null ? null : extras.correction().id());
        node.put("effect_sizes", extras.effectSizes());
        return node;
    }

    private static QualitySpec qualitySpec(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        requireObject(node, "'quality'");
        QualitySpec.Task task = QualitySpec.Task.fromId(JsonFields.text(node, "task", true));
        JsonNode positive = node.get("positive_label");
        String positiveLabel = positive == null || positive.isNull() ? null : label(positive, "quality.positive_label");
        List<String> classes = new ArrayList<>();
        JsonNode classNode = node.get("classes");
        if (classNode != null && !classNode.isNull()) {
            if (!classNode.isArray()) {
                throw CapstanException.invalid("'quality.classes' must be a list of labels");
            }
            classNode.forEach(c -> classes.add(label(c, "quality.classes")));
        }
        return new QualitySpec(task, JsonFields.text(node, "prediction", true), JsonFields.text(node, "score", false),
                JsonFields.text(node, "target", false), positiveLabel, classes);
    }

    // ---- windows -------------------------------------------------------------------------------

    /** Writes a window's summary (everything but the full drift result). */
    public static ObjectNode summary(WindowResult w) {
        ObjectNode node = NODES.objectNode();
        node.put("monitor", w.monitor());
        node.put("window_start", w.start().toString());
        node.put("window_end", w.end().toString());
        node.put("status", w.status().id());
        putNullable(node, "message", w.message());
        node.put("rows", w.rows());
        node.put("reference_rows", w.referenceRows());
        if (w.datasetDrift() == null) {
            node.putNull("dataset_drift");
        } else {
            node.put("dataset_drift", w.datasetDrift());
        }
        putNullable(node, "drift_share", w.driftShare());
        node.put("number_of_columns", w.numberOfColumns());
        node.put("number_of_drifted_columns", w.numberOfDriftedColumns());
        ArrayNode columns = node.putArray("columns");
        for (WindowResult.ColumnScore c : w.columns()) {
            ObjectNode column = columns.addObject();
            column.put("column", c.column());
            column.put("column_type", c.columnType());
            column.put("stattest", c.stattest());
            putNumber(column, "drift_score", c.score());
            putNumber(column, "threshold", c.threshold());
            column.put("drift_detected", c.detected());
        }
        if (w.quality() == null) {
            node.putNull("quality");
        } else {
            node.set("quality", json(w.quality()));
        }
        node.put("evaluated_at", w.evaluatedAt().toString());
        return node;
    }

    /** Writes a quality. */
    public static ObjectNode json(Quality q) {
        ObjectNode node = NODES.objectNode();
        node.put("labelled_rows", q.labelledRows());
        q.metrics().forEach(node::put);
        return node;
    }

    /** Reads a window summary written by {@link #summary}. */
    public static WindowResult window(JsonNode node) {
        List<WindowResult.ColumnScore> columns = new ArrayList<>();
        for (JsonNode c : node.path("columns")) {
            columns.add(new WindowResult.ColumnScore(c.get("column").asText(), c.get("column_type").asText(),
                    c.get("stattest").asText(), numberValue(c.get("drift_score")), numberValue(c.get("threshold")),
                    c.get("drift_detected").asBoolean()));
        }
        JsonNode drift = node.get("dataset_drift");
        JsonNode share = node.get("drift_share");
        JsonNode message = node.get("message");
        JsonNode quality = node.get("quality");
        return new WindowResult(node.get("monitor").asText(), Instant.parse(node.get("window_start").asText()),
                Instant.parse(node.get("window_end").asText()), WindowStatus.fromId(node.get("status").asText()),
                message == null || message.isNull() ? null : message.asText(), node.get("rows").asInt(),
                node.get("reference_rows").asInt(), drift == null || drift.isNull() ? null : drift.asBoolean(),
                share == null || share.isNull() ? null : share.asDouble(), node.get("number_of_columns").asInt(),
                node.get("number_of_drifted_columns").asInt(), columns,
                quality == null || quality.isNull() ? null : quality(quality),
                Instant.parse(node.get("evaluated_at").asText()));
    }

    /** Reads a quality written by {@link #json(Quality)}. */
    public static Quality quality(JsonNode node) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!f.getKey().equals("labelled_rows")) {
                metrics.put(f.getKey(), f.getValue().asDouble());
            }
        }
        return new Quality(node.path("labelled_rows").asInt(), metrics);
    }

    /**
     * Adds each tested column's distribution (the bins or categories and both sides' shares, as the
     * HTML report plots them) to the drift JSON of {@code capstan drift --json}.
     */
    static String driftWithDistributions(String driftJson, DatasetDriftResult drift) {
        try {
            JsonNode root = MAPPER.readTree(driftJson);
            Map<String, ColumnResult> byName = new LinkedHashMap<>();
            drift.columns().forEach(c -> byName.put(c.column(), c));
            for (JsonNode column : root.path("columns")) {
                ColumnResult result = byName.get(column.path("column").asText());
                if (result != null && column instanceof ObjectNode object) {
                    Distribution d = result.distribution();
                    ObjectNode dist = object.putObject("distribution");
                    d.labels().forEach(dist.putArray("labels")::add);
                    if (!d.lowerEdges().isEmpty()) {
                        ArrayNode edges = dist.putArray("edges");
                        d.lowerEdges().forEach(edges::add);
                        edges.add(d.upperEdge());
                    }
                    d.reference().forEach(dist.putArray("reference")::add);
                    d.current().forEach(dist.putArray("current")::add);
                }
            }
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the drift report is not JSON", e);
        }
    }

    /** Parses stored JSON text. */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CapstanException(io.capstan.core.ErrorCode.INTERNAL_ERROR, e, "stored monitor data is not JSON");
        }
    }

    /** Writes a node as compact text. */
    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- ground truth --------------------------------------------------------------------------

    /** Ground truth posted for a deployment. */
    public record Labelled(String deployment, List<GroundTruth> labels) {
    }

    /**
     * Reads {@code {"deployment": NAME, "labels": [{"request_id": ID, "label": L | [L…]}]}}.
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE naming what is wrong
     */
    public static Labelled groundTruth(JsonNode node) {
        requireObject(node, "Ground truth");
        String deployment = JsonFields.text(node, "deployment", true);
        JsonNode labels = node.get("labels");
        if (labels == null || !labels.isArray() || labels.isEmpty()) {
            throw CapstanException.invalid("'labels' must be a non-empty list of {request_id, label}");
        }
        if (labels.size() > MAX_LABELS_PER_CALL) {
            throw CapstanException.invalid("At most %d labels per call, got %d", MAX_LABELS_PER_CALL, labels.size());
        }
        List<GroundTruth> out = new ArrayList<>(labels.size());
        for (JsonNode entry : labels) {
            requireObject(entry, "Each entry of 'labels'");
            String id = JsonFields.text(entry, "request_id", true);
            JsonNode label = entry.get("label");
            if (label == null || label.isNull()) {
                throw CapstanException.invalid("Request '%s' needs a 'label'", id);
            }
            List<String> values = new ArrayList<>();
            if (label.isArray()) {
                label.forEach(v -> values.add(label(v, "label")));
            } else {
                values.add(label(label, "label"));
            }
            out.add(new GroundTruth(id, values));
        }
        return new Labelled(deployment, out);
    }

    private static String label(JsonNode v, String field) {
        if (v.isNumber()) {
            if (!Double.isFinite(v.doubleValue())) {
                throw CapstanException.invalid("'%s' must be a finite number or a string", field);
            }
            return v.isIntegralNumber() && v.canConvertToLong() ? Long.toString(v.longValue())
                    : Labels.canonical(v.doubleValue());
        }
        if (v.isBoolean()) {
            return Labels.canonical(v.booleanValue());
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        throw CapstanException.invalid("'%s' must be a number, a string or a boolean", field);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static long wholeNumber(JsonNode node, String field, long fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || !v.canConvertToLong() || v.doubleValue() != Math.rint(v.doubleValue())) {
            throw CapstanException.invalid("'%s' must be a whole number", field);
        }
        long value = v.longValue();
        if (value < 0 || value > 100L * 365 * 86400) {
            throw CapstanException.invalid("'%s' is out of range: %d", field, value);
        }
        return value;
    }

    private static Double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw CapstanException.invalid("'drift.%s' must be a number", field);
        }
        return v.doubleValue();
    }

    private static StatTest test(JsonNode node, String field) {
        String id = JsonFields.text(node, field, false);
        return id == null ? null : StatTest.fromId(id);
    }

    private static <V> Map<String, V> perColumn(JsonNode node, String field, java.util.function.Function<JsonNode, V> value) {
        Map<String, V> map = new LinkedHashMap<>();
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return map;
        }
        requireObject(v, "'drift." + field + "'");
        v.fields().forEachRemaining(e -> map.put(e.getKey(), value.apply(e.getValue())));
        return map;
    }

    private static List<String> strings(JsonNode node, String field) {
        JsonNode v = node.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw CapstanException.invalid("'%s' must be a list of strings", field);
        }
        for (JsonNode e : v) {
            out.add(textValue(e, field));
        }
        return out;
    }

    /** Reads an ISO-8601 instant. @throws CapstanException INVALID_PARAMETER_VALUE naming the field */
    public static Instant instant(JsonNode v, String field) {
        if (v == null || !v.isTextual()) {
            throw CapstanException.invalid("'%s' must be an ISO-8601 time such as 2026-12-01T10:00:00Z", field);
        }
        return instant(v.textValue(), field);
    }

    /** Reads an ISO-8601 instant. @throws CapstanException INVALID_PARAMETER_VALUE naming the field */
    public static Instant instant(String text, String field) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw CapstanException.invalid("'%s' must be an ISO-8601 time such as 2026-12-01T10:00:00Z, got '%s'",
                    field, text.length() > 64 ? text.substring(0, 64) + "…" : text);
        }
    }

    private static double numberValue(JsonNode v) {
        if (v.isTextual()) {
            return switch (v.textValue()) {
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.NaN;
            };
        }
        return v.asDouble();
    }
}
