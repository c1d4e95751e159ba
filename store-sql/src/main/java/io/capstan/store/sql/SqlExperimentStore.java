package io.capstan.store.sql;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.core.Page;
import io.capstan.tracking.Experiment;
import io.capstan.tracking.LifecycleStage;
import io.capstan.tracking.Tag;
import io.capstan.tracking.ViewType;
import io.capstan.tracking.search.Comparison;
import io.capstan.tracking.search.OrderBy;
import io.capstan.tracking.spi.ExperimentStore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** {@link ExperimentStore} on the SQL {@link Database}. */
public final class SqlExperimentStore implements ExperimentStore {
    private static final String COLUMNS =
            "e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, e.last_update_time";
    private static final SearchSql.Entity ENTITY = new SearchSql.Entity("e", "e.experiment_id", attributes(),
            "experiment_tags.experiment_id", null, null);

    private final Database db;
    private final SearchSql search;

    /**
     * @param defaultExperimentLocation artifact location of the Default experiment "0", created
     *                                  here if the store has none
     * @param now creation time to record if the Default experiment is created
     */
    public SqlExperimentStore(Database db, String defaultExperimentLocation, long now) {
        this.db = Objects.requireNonNull(db, "db is null");
        this.search = new SearchSql(db.dialect(), ENTITY);
        db.write(c -> Statements.update(c, "INSERT INTO experiments (experiment_id, name, artifact_location, "
                        + "lifecycle_stage, creation_time, last_update_time) VALUES (0, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                Experiment.DEFAULT_NAME, defaultExperimentLocation, LifecycleStage.ACTIVE.wire(), now, now));
    }

    private static Map<String, SearchSql.Column> attributes() {
        Map<String, SearchSql.Column> columns = new LinkedHashMap<>();
        columns.put("name", new SearchSql.Column("e.name", false));
        columns.put("experiment_id", new SearchSql.Column("e.experiment_id", true));
        columns.put("creation_time", new SearchSql.Column("e.creation_time", true));
        columns.put("last_update_time", new SearchSql.Column("e.last_update_time", true));
        columns.put("lifecycle_stage", new SearchSql.Column("e.lifecycle_stage", false));
        return columns;
    }

    @Override
    public String create(String name, Function<String, String> artifactLocation, List<Tag> tags, long now) {
        return db.write(c -> {
            requireNameFree(c, name);
            long id;
            switch (db.dialect()) {
                case SQLITE -> {
                    Statements.update(c, "INSERT INTO experiments (name, artifact_location, lifecycle_stage, "
                            + "creation_time, last_update_time) VALUES (?, '', ?, ?, ?)",
                            name, LifecycleStage.ACTIVE.wire(), now, now);
                    id = Statements.queryOne(c, "SELECT last_insert_rowid()", r -> r.getLong(1)).orElseThrow();
                }
                case POSTGRESQL -> id = Statements.queryOne(c, "INSERT INTO experiments (name, artifact_location, "
                                + "lifecycle_stage, creation_time, last_update_time) VALUES (?, '', ?, ?, ?) "
                                + "RETURNING experiment_id", r -> r.getLong(1),
                        name, LifecycleStage.ACTIVE.wire(), now, now).orElseThrow();
                default -> throw new IllegalStateException();
            }
            String experimentId = Long.toString(id);
            Statements.update(c, "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?",
                    artifactLocation.apply(experimentId), id);
            for (Tag tag : tags) {
                upsertTag(c, id, tag);
            }
            return experimentId;
        });
    }

    @Override
    public Optional<Experiment> get(String experimentId) {
        Long id = numericId(experimentId);
        if (id == null) {
            return Optional.empty();
        }
        return db.read(c -> load(c, "e.experiment_id = ?", id));
    }

    @Override
    public Optional<Experiment> getByName(String name) {
        return db.read(c -> load(c, "e.name = ?", name));
    }

    @Override
    public Page<Experiment> search(ViewType viewType, List<Comparison> filter, List<OrderBy> orderBy, int maxResults,
                                   long offset) {
        SearchSql.Fragment where = search.where(filter);
        SearchSql.Fragment[] order = search.orderBy(orderBy);
        String sql = "SELECT " + COLUMNS + " FROM experiments e" + order[0].sql() + " WHERE " + lifecycle(viewType)
                + where.sql() + " ORDER BY " + order[1].sql() + "e.creation_time DESC, e.experiment_id ASC LIMIT ? OFFSET ?";
        List<Object> binds = new ArrayList<>(order[0].binds());
        binds.addAll(where.binds());
        binds.add(maxResults + 1);
        binds.add(offset);
        return db.read(c -> {
            List<Experiment> rows = Statements.query(c, sql, r -> map(r, List.of()), binds);
            List<Experiment> withTags = new ArrayList<>(rows.size());
            for (Experiment e : rows) {
                withTags.add(withTags(c, e));
            }
            return Page.of(withTags, offset, maxResults);
        });
    }

    @Override
    public void rename(String experimentId, String newName, long now) {
        long id = existingId(experimentId);
        db.write(c -> {
            requireExists(c, id);
            requireNameFree(c, newName);
            return Statements.update(c, "UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?",
                    newName, now, id);
        });
    }

    @Override
    public void delete(String experimentId, long now) {
        long id = existingId(experimentId);
        db.write(c -> {
            String stage = requireExists(c, id);
            if (!stage.equals(LifecycleStage.ACTIVE.wire())) {
                // MLflow looks for an active experiment, so an already deleted one is not found
                throw CapstanException.notFound("No Experiment with id=%d exists", id);
            }
            Statements.update(c, "UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?",
                    LifecycleStage.DELETED.wire(), now, id);
            return Statements.update(c, "UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE experiment_id = ? "
                    + "AND lifecycle_stage = ?", LifecycleStage.DELETED.wire(), now, id, LifecycleStage.ACTIVE.wire());
        });
    }

    @Override
    public void restore(String experimentId, long now) {
        long id = existingId(experimentId);
        db.write(c -> {
            String stage = requireExists(c, id);
            if (!stage.equals(LifecycleStage.DELETED.wire())) {
                throw CapstanException.notFound("No Experiment with id=%d exists", id);
            }
            Statements.update(c, "UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?",
                    LifecycleStage.ACTIVE.wire(), now, id);
            return Statements.update(c, "UPDATE runs SET lifecycle_stage = ?, deleted_time = NULL WHERE experiment_id = ?",
                    LifecycleStage.ACTIVE.wire(), id);
        });
    }

    @Override
    public void setTag(String experimentId, Tag tag, long now) {
        long id = existingId(experimentId);
        db.write(c -> {
            requireExists(c, id);
            upsertTag(c, id, tag);
            return Statements.update(c, "UPDATE experiments SET last_update_time = ? WHERE experiment_id = ?", now, id);
        });
    }

    @Override
    public void deleteTag(String experimentId, String key, long now) {
        long id = existingId(experimentId);
        db.write(c -> {
            requireExists(c, id);
            if (Statements.update(c, "DELETE FROM experiment_tags WHERE experiment_id = ? AND key = ?", id, key) == 0) {
                throw CapstanException.notFound("No tag with name: %s in experiment with id %s", key, experimentId);
            }
            return Statements.update(c, "UPDATE experiments SET last_update_time = ? WHERE experiment_id = ?", now, id);
        });
    }

    private Optional<Experiment> load(Connection c, String condition, Object arg) throws SQLException {
        Optional<Experiment> found = Statements.queryOne(c, "SELECT " + COLUMNS + " FROM experiments e WHERE " + condition,
                r -> map(r, List.of()), arg);
        if (found.isEmpty()) {
            return found;
        }
        return Optional.of(withTags(c, found.get()));
    }

    private static Experiment withTags(Connection c, Experiment e) throws SQLException {
        List<Tag> tags = Statements.query(c, "SELECT key, value FROM experiment_tags WHERE experiment_id = ? ORDER BY key",
                r -> new Tag(r.getString(1), r.getString(2)), Long.parseLong(e.experimentId()));
        return new Experiment(e.experimentId(), e.name(), e.artifactLocation(), e.lifecycleStage(), e.creationTime(),
                e.lastUpdateTime(), tags);
    }

    private static Experiment map(ResultSet r, List<Tag> tags) throws SQLException {
        return new Experiment(Long.toString(r.getLong(1)), r.getString(2), r.getString(3),
                LifecycleStage.fromWire(r.getString(4)), r.getLong(5), r.getLong(6), tags);
    }

    private static void upsertTag(Connection c, long id, Tag tag) throws SQLException {
        Statements.update(c, "INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?) "
                + "ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value", id, tag.key(), tag.value());
    }

    private static void requireNameFree(Connection c, String name) throws SQLException {
        if (Statements.queryOne(c, "SELECT 1 FROM experiments WHERE name = ?", r -> 1, name).isPresent()) {
            throw new CapstanException(ErrorCode.RESOURCE_ALREADY_EXISTS,
                    "Experiment(name=%s) already exists. Error: name already in use", name);
        }
    }

    /** @return the experiment's lifecycle stage */
    private static String requireExists(Connection c, long id) throws SQLException {
        return Statements.queryOne(c, "SELECT lifecycle_stage FROM experiments WHERE experiment_id = ?",
                r -> r.getString(1), id).orElseThrow(() -> notFound(Long.toString(id)));
    }

    private static long existingId(String experimentId) {
        Long id = numericId(experimentId);
        if (id == null) {
            throw notFound(experimentId);
        }
        return id;
    }

    /** The numeric ids among {@code experimentIds}; others name no experiment here. */
    static List<Long> numericIds(List<String> experimentIds) {
        List<Long> ids = new ArrayList<>();
        for (String id : experimentIds) {
            Long numeric = numericId(id);
            if (numeric != null) {
                ids.add(numeric);
            }
        }
        return ids;
    }

    static Long numericId(String experimentId) {
        if (experimentId == null || experimentId.isEmpty() || experimentId.length() > 18
                || !experimentId.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return null;
        }
        return Long.parseLong(experimentId);
    }

    private static CapstanException notFound(String experimentId) {
        return CapstanException.notFound("No Experiment with id=%s exists", experimentId);
    }

    private static String lifecycle(ViewType viewType) {
        return switch (viewType) {
            case ACTIVE_ONLY -> "e.lifecycle_stage = 'active'";
            case DELETED_ONLY -> "e.lifecycle_stage = 'deleted'";
            case ALL -> "1 = 1";
        };
    }
}
