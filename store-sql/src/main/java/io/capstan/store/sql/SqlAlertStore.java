package io.capstan.store.sql;

import static java.util.Objects.requireNonNull;

import io.capstan.monitoring.alert.AlertEvent;
import io.capstan.monitoring.alert.AlertJson;
import io.capstan.monitoring.alert.AlertRule;
import io.capstan.monitoring.alert.AlertState;
import io.capstan.monitoring.alert.RetrainRequest;
import io.capstan.monitoring.alert.StoredRule;
import io.capstan.monitoring.monitor.MonitorJson;
import io.capstan.monitoring.spi.AlertStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alert rules, states, events with their deliveries, and retrain requests in SQL. A state moves by
 * {@code UPDATE … WHERE version = ?} in the same transaction as the event it raises; deliveries and
 * retrain requests are claimed with guarded updates. Rules are stored as their JSON, secrets
 * included (the database is as trusted as the server). Thread-safe.
 */
public final class SqlAlertStore implements AlertStore {
    private static final String EVENT_COLUMNS = "id, rule, monitor, kind, window_start, value, created_at";
    private static final String DELIVERY_COLUMNS = "event_id, rule, action, type, status, attempts, last_error, "
            + "next_attempt_at, body, retrain_request_id";
    private static final String RETRAIN_COLUMNS = "id, rule, monitor, deployment, model, model_version, reason, "
            + "window_start, status, created_at, updated_at, claimed_by, result";

    private final Database db;

    public SqlAlertStore(Database db) {
        this.db = requireNonNull(db, "db is null");
    }

    @Override
    public StoredRule putRule(AlertRule rule, boolean resetState, Instant now) {
        String json = MonitorJson.text(AlertJson.json(rule, true));
        long t = now.toEpochMilli();
        return db.write(c -> {
            Statements.update(c, "INSERT INTO alert_rules (name, spec, created_at, updated_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at",
                    rule.name(), json, t, t);
            if (resetState) {
                Statements.update(c, "INSERT INTO alert_states (rule, firing, since, last_window_start, breaching, good, "
                        + "version) VALUES (?, 0, NULL, NULL, 0, 0, 0) ON CONFLICT (rule) DO UPDATE SET firing = 0, "
                        + "since = NULL, last_window_start = NULL, breaching = 0, good = 0, "
                        + "version = alert_states.version + 1", rule.name());
            } else {
                Statements.update(c, "INSERT INTO alert_states (rule, firing, since, last_window_start, breaching, good, "
                        + "version) VALUES (?, 0, NULL, NULL, 0, 0, 0) ON CONFLICT (rule) DO NOTHING", rule.name());
            }
            return Statements.queryOne(c, "SELECT spec, created_at, updated_at FROM alert_rules WHERE name = ?",
                    SqlAlertStore::rule, rule.name()).orElseThrow();
        });
    }

    private static StoredRule rule(ResultSet r) throws SQLException {
        return new StoredRule(AlertJson.rule(MonitorJson.parse(r.getString(1)), null),
                Instant.ofEpochMilli(r.getLong(2)), Instant.ofEpochMilli(r.getLong(3)));
    }

    @Override
    public Optional<StoredRule> rule(String name) {
        return db.read(c -> Statements.queryOne(c, "SELECT spec, created_at, updated_at FROM alert_rules WHERE name = ?",
                SqlAlertStore::rule, name));
    }

    @Override
    public List<StoredRule> rules() {
        return db.read(c -> Statements.query(c, "SELECT spec, created_at, updated_at FROM alert_rules ORDER BY name",
                SqlAlertStore::rule));
    }

    @Override
    public boolean deleteRule(String name) {
        return db.write(c -> {
            Statements.update(c, "DELETE FROM alert_deliveries WHERE rule = ?", name);
            Statements.update(c, "DELETE FROM alert_events WHERE rule = ?", name);
            Statements.update(c, "DELETE FROM alert_states WHERE rule = ?", name);
            return Statements.update(c, "DELETE FROM alert_rules WHERE name = ?", name) > 0;
        });
    }

    private static AlertState state(ResultSet r) throws SQLException {
        Long since = Statements.nullableLong(r, "since");
        Long cursor = Statements.nullableLong(r, "last_window_start");
        return new AlertState(r.getString("rule"), r.getInt("firing") == 1, since == null ? null : Instant.ofEpochMilli(since),
                cursor == null ? null : Instant.ofEpochMilli(cursor), r.getInt("breaching"), r.getInt("good"),
                r.getLong("version"));
    }

    @Override
    public AlertState state(String rule) {
        return db.read(c -> Statements.queryOne(c, "SELECT rule, firing, since, last_window_start, breaching, good, "
                + "version FROM alert_states WHERE rule = ?", SqlAlertStore::state, rule))
                .orElse(AlertState.initial(rule));
    }

    @Override
    public boolean advance(AlertState expected, AlertState next, NewEvent event) {
        return db.write(c -> {
            int changed = Statements.update(c, "UPDATE alert_states SET firing = ?, since = ?, last_window_start = ?, "
                    + "breaching = ?, good = ?, version = version + 1 WHERE rule = ? AND version = ?", next.firing(),
                    next.since() == null ? null : next.since().toEpochMilli(),
                    next.cursor() == null ? null : next.cursor().toEpochMilli(), next.breaching(), next.good(),
                    expected.rule(), expected.version());
            if (changed == 0) {
                return false;
            }
            if (event != null) {
                AlertEvent e = event.event();
                Statements.update(c, "INSERT INTO alert_events (" + EVENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                        e.id(), e.rule(), e.monitor(), e.kind().id(), e.windowStart().toEpochMilli(),
                        Double.isFinite(e.value()) ? e.value() : null, e.createdAt().toEpochMilli());
                for (AlertEvent.Delivery d : e.deliveries()) {
                    Statements.update(c, "INSERT INTO alert_deliveries (" + DELIVERY_COLUMNS + ") VALUES "
                            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", d.eventId(), d.rule(), d.action(), d.type(),
                            d.status().id(), d.attempts(), d.lastError(), d.nextAttemptAt().toEpochMilli(), d.body(),
                            d.retrainRequestId());
                }
                for (RetrainRequest r : event.retrainRequests()) {
                    insert(c, r);
                }
            }
            return true;
        });
    }

    private static void insert(Connection c, RetrainRequest r) throws SQLException {
        Statements.update(c, "INSERT INTO retrain_requests (" + RETRAIN_COLUMNS + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.id(), r.rule(), r.monitor(), r.deployment(), r.model(),
                r.modelVersion(), r.reason(), r.windowStart().toEpochMilli(), r.status().id(),
                r.createdAt().toEpochMilli(), r.updatedAt().toEpochMilli(), r.claimedBy(), r.result());
    }

    private static AlertEvent.Delivery delivery(ResultSet r) throws SQLException {
        return new AlertEvent.Delivery(r.getString("event_id"), r.getString("rule"), r.getInt("action"),
                r.getString("type"), AlertEvent.Delivery.Status.fromId(r.getString("status")), r.getInt("attempts"),
                r.getString("last_error"), Instant.ofEpochMilli(r.getLong("next_attempt_at")), r.getString("body"),
                r.getString("retrain_request_id"));
    }

    @Override
    public List<AlertEvent> events(String rule, int maxResults) {
        return db.read(c -> {
            List<AlertEvent> bare = Statements.query(c, "SELECT " + EVENT_COLUMNS + " FROM alert_events WHERE rule = ? "
                    + "ORDER BY created_at DESC, window_start DESC LIMIT ?", r -> {
                        double value = r.getDouble("value");
                        return new AlertEvent(r.getString("id"), r.getString("rule"), r.getString("monitor"),
                                AlertEvent.Kind.fromId(r.getString("kind")), Instant.ofEpochMilli(r.getLong("window_start")),
                                r.wasNull() ? Double.NaN : value, Instant.ofEpochMilli(r.getLong("created_at")), List.of());
                    }, rule, maxResults);
            Map<String, List<AlertEvent.Delivery>> deliveries = new LinkedHashMap<>();
            for (AlertEvent.Delivery d : Statements.query(c, "SELECT " + DELIVERY_COLUMNS + " FROM alert_deliveries "
                    + "WHERE rule = ? ORDER BY event_id, action", SqlAlertStore::delivery, rule)) {
                deliveries.computeIfAbsent(d.eventId(), k -> new ArrayList<>()).add(d);
            }
            List<AlertEvent> out = new ArrayList<>(bare.size());
            for (AlertEvent e : bare) {
                out.add(new AlertEvent(e.id(), e.rule(), e.monitor(), e.kind(), e.windowStart(), e.value(),
                        e.createdAt(), deliveries.getOrDefault(e.id(), List.of())));
            }
            return out;
        });
    }

    @Override
    public List<AlertEvent.Delivery> claimDeliveries(Instant now, Duration lease, int max) {
        long t = now.toEpochMilli();
        long until = now.plus(lease).toEpochMilli();
        return db.write(c -> {
            List<AlertEvent.Delivery> due = Statements.query(c, "SELECT " + DELIVERY_COLUMNS + " FROM alert_deliveries "
                    + "WHERE status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?) "
                    + "ORDER BY next_attempt_at, event_id, action LIMIT ?" + db.dialect().forUpdate()
                    + (db.dialect() == SqlDialect.POSTGRESQL ? " SKIP LOCKED" : ""), SqlAlertStore::delivery, t, t, max);
            for (AlertEvent.Delivery d : due) {
                Statements.update(c, "UPDATE alert_deliveries SET claimed_until = ? WHERE event_id = ? AND action = ?",
                        until, d.eventId(), d.action());
            }
            return due;
        });
    }

    @Override
    public void recordDelivery(String eventId, int action, AlertEvent.Delivery.Status status, int attempts,
            String lastError, Instant nextAttemptAt) {
        db.write(c -> Statements.update(c, "UPDATE alert_deliveries SET status = ?, attempts = ?, last_error = ?, "
                + "next_attempt_at = ?, claimed_until = NULL WHERE event_id = ? AND action = ?", status.id(), attempts,
                lastError, nextAttemptAt.toEpochMilli(), eventId, action));
    }

    @Override
    public int redeliver(String eventId, Instant now) {
        return db.write(c -> Statements.update(c, "UPDATE alert_deliveries SET status = 'pending', attempts = 0, "
                + "next_attempt_at = ?, claimed_until = NULL WHERE event_id = ? AND status = 'failed'",
                now.toEpochMilli(), eventId));
    }

    private static RetrainRequest retrain(ResultSet r) throws SQLException {
        return new RetrainRequest(r.getString("id"), r.getString("rule"), r.getString("monitor"),
                r.getString("deployment"), r.getString("model"), r.getString("model_version"), r.getString("reason"),
                Instant.ofEpochMilli(r.getLong("window_start")), RetrainRequest.Status.fromId(r.getString("status")),
                Instant.ofEpochMilli(r.getLong("created_at")), Instant.ofEpochMilli(r.getLong("updated_at")),
                r.getString("claimed_by"), r.getString("result"));
    }

    @Override
    public List<RetrainRequest> retrainRequests(RetrainRequest.Status status, String monitor, int maxResults) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        if (status != null) {
            where.append(" WHERE status = ?");
            args.add(status.id());
        }
        if (monitor != null) {
            where.append(where.isEmpty() ? " WHERE" : " AND").append(" monitor = ?");
            args.add(monitor);
        }
        args.add(maxResults);
        return db.read(c -> Statements.query(c, "SELECT " + RETRAIN_COLUMNS + " FROM retrain_requests" + where
                + " ORDER BY created_at DESC, id DESC LIMIT ?", SqlAlertStore::retrain, args));
    }

    @Override
    public Optional<RetrainRequest> retrainRequest(String id) {
        return db.read(c -> Statements.queryOne(c, "SELECT " + RETRAIN_COLUMNS + " FROM retrain_requests WHERE id = ?",
                SqlAlertStore::retrain, id));
    }

    @Override
    public Optional<RetrainRequest> claimRetrain(String id, String worker, Instant now) {
        return db.write(c -> {
            int changed = Statements.update(c, "UPDATE retrain_requests SET status = 'claimed', claimed_by = ?, "
                    + "updated_at = ? WHERE id = ? AND status = 'pending'", worker, now.toEpochMilli(), id);
            return changed == 0 ? Optional.<RetrainRequest>empty() : Statements.queryOne(c, "SELECT " + RETRAIN_COLUMNS
                    + " FROM retrain_requests WHERE id = ?", SqlAlertStore::retrain, id);
        });
    }

    @Override
    public Optional<RetrainRequest> completeRetrain(String id, RetrainRequest.Status status, String result,
            Instant now) {
        String kept = result != null && result.length() > RetrainRequest.MAX_RESULT
                ? result.substring(result.length() - RetrainRequest.MAX_RESULT) : result;
        return db.write(c -> {
            int changed = Statements.update(c, "UPDATE retrain_requests SET status = ?, result = ?, updated_at = ? "
                    + "WHERE id = ? AND status = 'claimed'", status.id(), kept, now.toEpochMilli(), id);
            return changed == 0 ? Optional.<RetrainRequest>empty() : Statements.queryOne(c, "SELECT " + RETRAIN_COLUMNS
                    + " FROM retrain_requests WHERE id = ?", SqlAlertStore::retrain, id);
        });
    }
}
