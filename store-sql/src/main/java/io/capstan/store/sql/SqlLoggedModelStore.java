package io.capstan.store.sql;

import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.tracking.LifecycleStage;
import io.capstan.tracking.LoggedModel;
import io.capstan.tracking.LoggedModelService;
import io.capstan.tracking.LoggedModelStatus;
import io.capstan.tracking.Metric;
import io.capstan.tracking.Param;
import io.capstan.tracking.Tag;
import io.capstan.tracking.search.Comparison;
import io.capstan.tracking.search.OrderBy;
import io.capstan.tracking.spi.LoggedModelStore;
import io.capstan.tracking.spi.NewLoggedModel;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link LoggedModelStore} on the SQL {@link Database}. */
public final class SqlLoggedModelStore implements LoggedModelStore {
    private static final String COLUMNS = "m.model_id, m.experiment_id, m.name, m.creation_timestamp, "
            + "m.last_updated_timestamp, m.artifact_uri, m.status, m.model_type, m.source_run_id, m.status_message, "
            + "m.lifecycle_stage";
    private static final SearchSql.Entity ENTITY = new SearchSql.Entity("m", "m.model_id", attributes(),
            "logged_model_tags.model_id", "logged_model_params.model_id", null);

    private final Database db;
    private final SearchSql search;

    public SqlLoggedModelStore(Database db) {
        this.db = Objects.requireNonNull(db, "db is null");
        this.search = new SearchSql(db.dialect(), ENTITY);
    }

    private static Map<String, SearchSql.Column> attributes() {
        Map<String, SearchSql.Column> columns = new LinkedHashMap<>();
        columns.put("model_id", new SearchSql.Column("m.model_id", false));
        columns.put("name", new SearchSql.Column("m.name", false));
        columns.put("model_type", new SearchSql.Column("m.model_type", false));
        columns.put("status", new SearchSql.Column("m.status", false));
        columns.put("source_run_id", new SearchSql.Column("m.source_run_id", false));
        columns.put("experiment_id", new SearchSql.Column("CAST(m.experiment_id AS TEXT)", false));
        columns.put("creation_timestamp", new SearchSql.Column("m.creation_timestamp", true));
        columns.put("creation_time", new SearchSql.Column("m.creation_timestamp", true));
        columns.put("last_updated_timestamp", new SearchSql.Column("m.last_updated_timestamp", true));
        return columns;
    }

    @Override
    public LoggedModel create(NewLoggedModel model) {
        return db.write(c -> {
            Statements.update(c, "INSERT INTO logged_models (model_id, experiment_id, name, artifact_uri, status, "
                            + "model_type, source_run_id, status_message, lifecycle_stage, creation_timestamp, "
                            + "last_updated_timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
                    model.modelId(), Long.parseLong(model.experimentId()), model.name(), model.artifactUri(),
                    LoggedModelStatus.LOGGED_MODEL_PENDING.name(), model.modelType(), model.sourceRunId(),
                    LifecycleStage.ACTIVE.wire(), model.now(), model.now());
            insertParams(c, model.modelId(), model.params());
            upsertTags(c, model.modelId(), model.tags());
            return load(c, model.modelId(), true).orElseThrow();
        });
    }

    @Override
    public Optional<LoggedModel> get(String modelId, boolean allowDeleted) {
        return db.read(c -> load(c, modelId, allowDeleted));
    }

    @Override
    public LoggedModel setStatus(String modelId, LoggedModelStatus status, String statusMessage, long now) {
        return db.write(c -> {
            requireExists(c, modelId);
            Statements.update(c, "UPDATE logged_models SET status = ?, status_message = ?, last_updated_timestamp = ? "
                    + "WHERE model_id = ?", status.name(), statusMessage, now, modelId);
            return load(c, modelId, true).orElseThrow();
        });
    }

    @Override
    public void delete(String modelId, long now) {
        db.write(c -> {
            requireExists(c, modelId);
            return Statements.update(c, "UPDATE logged_models SET lifecycle_stage = ?, last_updated_timestamp = ? "
                    + "WHERE model_id = ?", LifecycleStage.DELETED.wire(), now, modelId);
        });
    }

    @Override
    public void setTags(String modelId, List<Tag> tags, long now) {
        db.write(c -> {
            requireExists(c, modelId);
            upsertTags(c, modelId, tags);
            return touch(c, modelId, now);
        });
    }

    @Override
    public void deleteTag(String modelId, String key, long now) {
        db.write(c -> {
            requireExists(c, modelId);
            if (Statements.update(c, "DELETE FROM logged_model_tags WHERE model_id = ? AND key = ?", modelId, key) == 0) {
                throw CapstanException.notFound("No tag with key '%s' found for logged model '%s'", key, modelId);
            }
            return touch(c, modelId, now);
        });
    }

    @Override
    public void logParams(String modelId, List<Param> params, long now) {
        db.write(c -> {
            requireExists(c, modelId);
            insertParams(c, modelId, params);
            return touch(c, modelId, now);
        });
    }

    @Override
    public Page<LoggedModel> search(List<String> experimentIds, List<Comparison> filter, List<OrderBy> orderBy,
                                    int maxResults, long offset) {
        List<Long> ids = SqlExperimentStore.numericIds(experimentIds);
        if (ids.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        List<Comparison> plain = filter.stream()
                .filter(f -> f.identifier().kind() != io.capstan.tracking.search.EntityKind.METRIC).toList();
        List<Comparison> metricFilters = filter.stream()
                .filter(f -> f.identifier().kind() == io.capstan.tracking.search.EntityKind.METRIC).toList();
        List<OrderBy> plainOrder = orderBy.stream()
                .filter(o -> o.identifier().kind() != io.capstan.tracking.search.EntityKind.METRIC).toList();
        SearchSql.Fragment where = search.where(plain);
        SearchSql.Fragment[] order = search.orderBy(plainOrder);
        String sql = "SELECT m.model_id FROM logged_models m" + order[0].sql() + " WHERE m.experiment_id IN ("
                + Statements.placeholders(ids.size()) + ") AND m.lifecycle_stage = 'active'" + where.sql()
                + " ORDER BY " + order[1].sql() + "m.creation_timestamp DESC, m.model_id ASC";
        List<Object> binds = new ArrayList<>(order[0].binds());
        binds.addAll(ids);
        binds.addAll(where.binds());
        return db.read(c -> {
            List<LoggedModel> all = new ArrayList<>();
            for (String id : Statements.query(c, sql, r -> r.getString(1), binds)) {
                LoggedModel model = load(c, id, false).orElseThrow();
                if (LoggedModelMetrics.matches(model, metricFilters)) {
                    all.add(model);
                }
            }
            List<LoggedModel> sorted = LoggedModelMetrics.sort(all, orderBy);
            int from = (int) Math.min(offset, sorted.size());
            int to = (int) Math.min((long) from + maxResults + 1, sorted.size());
            return Page.of(sorted.subList(from, to), offset, maxResults);
        });
    }

    private static int touch(Connection c, String modelId, long now) throws SQLException {
        return Statements.update(c, "UPDATE logged_models SET last_updated_timestamp = ? WHERE model_id = ?", now, modelId);
    }

    private static void requireExists(Connection c, String modelId) throws SQLException {
        if (Statements.queryOne(c, "SELECT 1 FROM logged_models WHERE model_id = ? AND lifecycle_stage = 'active'",
                r -> 1, modelId).isEmpty()) {
            throw LoggedModelService.notFound(modelId);
        }
    }

    private static void insertParams(Connection c, String modelId, List<Param> params) throws SQLException {
        for (Param param : params) {
            Statements.update(c, "INSERT INTO logged_model_params (model_id, key, value) VALUES (?, ?, ?) "
                    + "ON CONFLICT DO NOTHING", modelId, param.key(), param.value());
        }
    }

    private static void upsertTags(Connection c, String modelId, List<Tag> tags) throws SQLException {
        for (Tag tag : tags) {
            Statements.update(c, "INSERT INTO logged_model_tags (model_id, key, value) VALUES (?, ?, ?) "
                    + "ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value", modelId, tag.key(), tag.value());
        }
    }

    private static Optional<LoggedModel> load(Connection c, String modelId, boolean allowDeleted) throws SQLException {
        Optional<Object[]> row = Statements.queryOne(c, "SELECT " + COLUMNS + " FROM logged_models m WHERE m.model_id = ?"
                + (allowDeleted ? "" : " AND m.lifecycle_stage = 'active'"), SqlLoggedModelStore::row, modelId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = row.get();
        List<Tag> tags = Statements.query(c, "SELECT key, value FROM logged_model_tags WHERE model_id = ? ORDER BY key",
                x -> new Tag(x.getString(1), x.getString(2)), modelId);
        List<Param> params = Statements.query(c, "SELECT key, value FROM logged_model_params WHERE model_id = ? "
                + "ORDER BY key", x -> new Param(x.getString(1), x.getString(2)), modelId);
        List<Metric> metrics = Statements.query(c, "SELECT key, value, is_nan, timestamp, step, dataset_name, "
                + "dataset_digest, run_id FROM logged_model_metrics WHERE model_id = ? ORDER BY key, step, timestamp",
                x -> new Metric(x.getString(1), x.getInt(3) == 1 ? Double.NaN : x.getDouble(2), x.getLong(4),
                        x.getLong(5), modelId, emptyToNull(x.getString(6)), emptyToNull(x.getString(7))), modelId);
        return Optional.of(new LoggedModel((String) r[0], (String) r[1], (String) r[2], (Long) r[3], (Long) r[4],
                (String) r[5], LoggedModelStatus.valueOf((String) r[6]), (String) r[7], (String) r[8], (String) r[9],
                LifecycleStage.fromWire((String) r[10]), tags, params, metrics));
    }

    private static Object[] row(ResultSet r) throws SQLException {
        return new Object[] {r.getString(1), Long.toString(r.getLong(2)), r.getString(3), r.getLong(4), r.getLong(5),
                r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10), r.getString(11)};
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
