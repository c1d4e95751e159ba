package io.capstan.store.sql;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.monitoring.monitor.GroundTruth;
import io.capstan.monitoring.monitor.MonitorJson;
import io.capstan.monitoring.monitor.ServedPrediction;
import io.capstan.monitoring.spi.GroundTruthStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ground truth and windows' predictions in SQL. Labels are upserted by (deployment, request id);
 * the join with predictions that finds windows to re-measure runs in the database. Thread-safe.
 */
public final class SqlGroundTruthStore implements GroundTruthStore {
    /** Ids per {@code IN (…)} lookup. */
    private static final int IDS_PER_QUERY = 500;

    private final Database db;

    public SqlGroundTruthStore(Database db) {
        this.db = requireNonNull(db, "db is null");
    }

    @Override
    public void put(String deployment, List<GroundTruth> labels, Instant receivedAt) {
        // one row per request id (the last posted wins): an upsert may not touch a row twice
        Map<String, GroundTruth> byId = new LinkedHashMap<>();
        labels.forEach(l -> byId.put(l.requestId(), l));
        List<Object[]> rows = new ArrayList<>(byId.size());
        for (GroundTruth l : byId.values()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            l.labels().forEach(array::add);
            rows.add(new Object[] {deployment, l.requestId(), MonitorJson.text(array), receivedAt.toEpochMilli()});
        }
        if (rows.isEmpty()) {
            return;
        }
        db.write(c -> {
            Statements.insertRows(c, "INSERT INTO ground_truth (deployment, request_id, labels, received_at)",
                    "ON CONFLICT (deployment, request_id) DO UPDATE SET labels = excluded.labels, "
                            + "received_at = excluded.received_at", rows);
            return null;
        });
    }

    @Override
    public Map<String, List<String>> labels(String deployment, Collection<String> requestIds) {
        List<String> ids = new ArrayList<>(new java.util.LinkedHashSet<>(requestIds));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            List<Object> args = new ArrayList<>(chunk.size() + 1);
            args.add(deployment);
            args.addAll(chunk);
            db.read(c -> Statements.query(c, "SELECT request_id, labels FROM ground_truth WHERE deployment = ? "
                    + "AND request_id IN (" + Statements.placeholders(chunk.size()) + ")", r -> {
                        List<String> values = new ArrayList<>();
                        MonitorJson.parse(r.getString(2)).forEach(v -> values.add(v.asText()));
                        out.put(r.getString(1), values);
                        return null;
                    }, args));
        }
        return out;
    }

    @Override
    public void savePredictions(String monitor, Instant windowStart, List<ServedPrediction> predictions) {
        List<Object[]> rows = new ArrayList<>(predictions.size());
        for (int i = 0; i < predictions.size(); i++) {
            ServedPrediction p = predictions.get(i);
            rows.add(new Object[] {monitor, windowStart.toEpochMilli(), i, p.requestId(), json(p)});
        }
        db.write(c -> {
            Statements.update(c, "DELETE FROM monitor_predictions WHERE monitor = ? AND window_start = ?", monitor,
                    windowStart.toEpochMilli());
            if (!rows.isEmpty()) {
                Statements.insertRows(c, "INSERT INTO monitor_predictions (monitor, window_start, seq, request_id, "
                        + "prediction)", "", rows);
            }
            return null;
        });
    }

    private static String json(ServedPrediction p) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        p.predictions().forEach(node.putArray("p")::add);
        if (p.scores() != null) {
            ArrayNode scores = node.putArray("s");
            for (double[] row : p.scores()) {
                ArrayNode r = scores.addArray();
                for (double v : row) {
                    if (Double.isFinite(v)) {
                        r.add(v);
                    } else {
                        r.add(Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
                    }
                }
            }
        }
        return MonitorJson.text(node);
    }

    private static ServedPrediction prediction(String requestId, String json) {
        JsonNode node = MonitorJson.parse(json);
        List<String> labels = new ArrayList<>();
        node.path("p").forEach(v -> labels.add(v.asText()));
        double[][] scores = null;
        if (node.has("s")) {
            scores = new double[node.get("s").size()][];
            int i = 0;
            for (JsonNode row : node.get("s")) {
                double[] values = new double[row.size()];
                for (int j = 0; j < values.length; j++) {
                    JsonNode v = row.get(j);
                    values[j] = v.isNumber() ? v.doubleValue() : Double.parseDouble(v.asText());
                }
                scores[i++] = values;
            }
        }
        return new ServedPrediction(requestId, labels, scores);
    }

    @Override
    public List<ServedPrediction> predictions(String monitor, Instant windowStart) {
        return db.read(c -> Statements.query(c, "SELECT request_id, prediction FROM monitor_predictions "
                + "WHERE monitor = ? AND window_start = ? ORDER BY seq", r -> prediction(r.getString(1), r.getString(2)),
                monitor, windowStart.toEpochMilli()));
    }

    @Override
    public List<Instant> windowsLabelledSince(String monitor, String deployment, Instant since) {
        return db.read(c -> Statements.query(c, "SELECT DISTINCT p.window_start FROM ground_truth g "
                + "JOIN monitor_predictions p ON p.monitor = ? AND p.request_id = g.request_id "
                + "WHERE g.deployment = ? AND g.received_at >= ? ORDER BY p.window_start",
                r -> Instant.ofEpochMilli(r.getLong(1)), monitor, deployment, SqlMonitorStore.millis(since)));
    }

    @Override
    public void deleteMonitor(String monitor) {
        db.write(c -> Statements.update(c, "DELETE FROM monitor_predictions WHERE monitor = ?", monitor));
    }
}
