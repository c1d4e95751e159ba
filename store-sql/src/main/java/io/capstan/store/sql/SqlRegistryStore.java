package io.capstan.store.sql;

import io.capstan.core.Page;
import io.capstan.registry.ModelVersion;
import io.capstan.registry.ModelVersionStage;
import io.capstan.registry.ModelVersionStatus;
import io.capstan.registry.RegisteredModel;
import io.capstan.registry.RegisteredModelAlias;
import io.capstan.registry.RegistryErrors;
import io.capstan.registry.RegistryService;
import io.capstan.registry.spi.NewModelVersion;
import io.capstan.registry.spi.RegistryStore;
import io.capstan.tracking.Tag;
import io.capstan.tracking.search.Comparison;
import io.capstan.tracking.search.EntityKind;
import io.capstan.tracking.search.Identifier;
import io.capstan.tracking.search.OrderBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link RegistryStore} on the SQL {@link Database}.
 *
 * <p>Soft-deleted versions keep their row with stage {@value #DELETED_STAGE}, so their numbers are
 * never reused. Writes lock the registered model's row first ({@link SqlDialect#forUpdate()}), so
 * several servers on one PostgreSQL database number versions correctly and never leave tags or
 * aliases behind a concurrently deleted model. Thread-safe.
 */
public final class SqlRegistryStore implements RegistryStore {
    static final String DELETED_STAGE = "Deleted_Internal";
    private static final String MODEL_COLUMNS =
            "rm.name, rm.creation_timestamp, rm.last_updated_timestamp, rm.description, rm.user_id";
    private static final String VERSION_COLUMNS = "mv.name, mv.version, mv.creation_timestamp, "
            + "mv.last_updated_timestamp, mv.description, mv.user_id, mv.current_stage, mv.source, mv.storage_location, "
            + "mv.run_id, mv.run_link, mv.status, mv.status_message, mv.model_id";
    /** Names per IN list when loading tags and aliases for a page. */
    private static final int CHUNK = 500;

    private final Database db;
    private final SearchSql modelFilter;
    private final SearchSql modelOrder;
    private final SearchSql versionFilter;
    private final SearchSql versionOrder;
    private final SearchSql tagValueSearch;
    private final String modelName;
    private final String versionName;

    public SqlRegistryStore(Database db) {
        this.db = Objects.requireNonNull(db, "db is null");
        this.modelName = byteOrder(db.dialect(), "rm.name");
        this.versionName = byteOrder(db.dialect(), "mv.name");
        // filters compare names plainly (so PostgreSQL can use the primary key); sorts use byte order
        this.modelFilter = new SearchSql(db.dialect(), new SearchSql.Entity("rm", "rm.name",
                modelAttributes("rm.name"), "registered_model_tags.name", null, null));
        this.modelOrder = new SearchSql(db.dialect(), new SearchSql.Entity("rm", "rm.name",
                modelAttributes(modelName), null, null, null));
        this.versionFilter = new SearchSql(db.dialect(), new SearchSql.Entity("mv", "mv.name",
                versionAttributes("mv.name"), null, null, null));
        this.versionOrder = new SearchSql(db.dialect(), new SearchSql.Entity("mv", "mv.name",
                versionAttributes(versionName), null, null, null));
        // a one-column entity: lets SearchSql compare a tag row's value for us
        Map<String, SearchSql.Column> value = new LinkedHashMap<>();
        value.put("value", new SearchSql.Column("t.value", false));
        this.tagValueSearch = new SearchSql(db.dialect(), new SearchSql.Entity("t", "t.key", value, null, null, null));
    }

    /**
     * Names sort by code point on every engine, as on SQLite; a PostgreSQL database's default
     * collation would otherwise sort {@code alpha} before {@code Alpine}.
     */
    private static String byteOrder(SqlDialect dialect, String column) {
        return switch (dialect) {
            case SQLITE -> column;
            case POSTGRESQL -> column + " COLLATE \"C\"";
        };
    }

    private static Map<String, SearchSql.Column> modelAttributes(String name) {
        Map<String, SearchSql.Column> columns = new LinkedHashMap<>();
        columns.put("name", new SearchSql.Column(name, false));
        columns.put("creation_timestamp", new SearchSql.Column("rm.creation_timestamp", true));
        columns.put("last_updated_timestamp", new SearchSql.Column("rm.last_updated_timestamp", true));
        return columns;
    }

    private static Map<String, SearchSql.Column> versionAttributes(String name) {
        Map<String, SearchSql.Column> columns = new LinkedHashMap<>();
        columns.put("name", new SearchSql.Column(name, false));
        columns.put("version_number", new SearchSql.Column("mv.version", true));
        columns.put("run_id", new SearchSql.Column("mv.run_id", false));
        columns.put("source_path", new SearchSql.Column("mv.source", false));
        columns.put("creation_timestamp", new SearchSql.Column("mv.creation_timestamp", true));
        columns.put("last_updated_timestamp", new SearchSql.Column("mv.last_updated_timestamp", true));
        return columns;
    }

    // ------------------------------------------------------------------ registered models

    @Override
    public RegisteredModel createRegisteredModel(String name, String description, List<Tag> tags, long now) {
        return db.write(c -> {
            // ON CONFLICT keeps a PostgreSQL transaction usable where a failed INSERT would abort it
            int inserted = Statements.update(c, "INSERT INTO registered_models (name, creation_timestamp, "
                    + "last_updated_timestamp, description, user_id) VALUES (?, ?, ?, ?, NULL) ON CONFLICT DO NOTHING",
                    name, now, now, description);
            if (inserted == 0) {
                throw RegistryErrors.modelAlreadyExists(name);
            }
            for (Tag tag : tags) {
                upsertModelTag(c, name, tag);
            }
            return loadModels(c, List.of(name)).getFirst();
        });
    }

    @Override
    public Optional<RegisteredModel> getRegisteredModel(String name) {
        return db.read(c -> {
            List<RegisteredModel> found = loadModels(c, List.of(name));
            return found.isEmpty() ? Optional.<RegisteredModel>empty() : Optional.of(found.getFirst());
        });
    }

    @Override
    public RegisteredModel updateRegisteredModel(String name, String description, long now) {
        return db.write(c -> {
            lockModel(c, name);
            Statements.update(c, "UPDATE registered_models SET description = ?, last_updated_timestamp = ? "
                    + "WHERE name = ?", description, now, name);
            return loadModels(c, List.of(name)).getFirst();
        });
    }

    @Override
    public RegisteredModel renameRegisteredModel(String name, String newName, long now) {
        return db.write(c -> {
            lockModel(c, name);
            if (name.equals(newName)) {
                Statements.update(c, "UPDATE registered_models SET last_updated_timestamp = ? WHERE name = ?", now, name);
                Statements.update(c, "UPDATE model_versions SET last_updated_timestamp = ? WHERE name = ?", now, name);
                return loadModels(c, List.of(name)).getFirst();
            }
            // copy-then-delete: the INSERT claims the new name atomically, even against another server
            int claimed = Statements.update(c, "INSERT INTO registered_models (name, creation_timestamp, "
                    + "last_updated_timestamp, description, user_id) SELECT ?, creation_timestamp, ?, description, "
                    + "user_id FROM registered_models WHERE name = ? ON CONFLICT DO NOTHING", newName, now, name);
            if (claimed == 0) {
                throw RegistryErrors.modelAlreadyExists(newName);
            }
            Statements.update(c, "UPDATE registered_model_tags SET name = ? WHERE name = ?", newName, name);
            Statements.update(c, "UPDATE registered_model_aliases SET name = ? WHERE name = ?", newName, name);
            Statements.update(c, "UPDATE model_versions SET name = ?, last_updated_timestamp = ? WHERE name = ?",
                    newName, now, name);
            Statements.update(c, "UPDATE model_version_tags SET name = ? WHERE name = ?", newName, name);
            Statements.update(c, "DELETE FROM registered_models WHERE name = ?", name);
            return loadModels(c, List.of(newName)).getFirst();
        });
    }

    @Override
    public void deleteRegisteredModel(String name) {
        db.write(c -> {
            lockModel(c, name);
            for (String table : List.of("model_version_tags", "registered_model_aliases", "model_versions",
                    "registered_model_tags", "registered_models")) {
                Statements.update(c, "DELETE FROM " + table + " WHERE name = ?", name);
            }
            return null;
        });
    }

    @Override
    public Page<RegisteredModel> searchRegisteredModels(List<Comparison> filter, List<OrderBy> orderBy,
                                                        boolean excludePrompts, int maxResults, long offset) {
        SearchSql.Fragment where = modelFilter.where(filter);
        SearchSql.Fragment[] order = modelOrder.orderBy(orderBy);
        boolean byName = orderBy.stream().anyMatch(o -> o.identifier().key().equals("name"));
        StringBuilder sql = new StringBuilder("SELECT rm.name FROM registered_models rm").append(order[0].sql())
                .append(" WHERE 1 = 1").append(where.sql());
        List<Object> binds = new ArrayList<>(order[0].binds());
        binds.addAll(where.binds());
        if (excludePrompts) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM registered_model_tags p WHERE p.name = rm.name AND p.key = ? "
                    + "AND p.value = 'true')");
            binds.add(RegistryService.PROMPT_TAG);
        }
        sql.append(" ORDER BY ").append(orderTerms(order[1], byName ? List.of() : List.of(modelName + " ASC")))
                .append(" LIMIT ? OFFSET ?");
        binds.add(maxResults + 1);
        binds.add(offset);
        return db.read(c -> {
            List<String> names = Statements.query(c, sql.toString(), r -> r.getString(1), binds);
            Page<String> page = Page.of(names, offset, maxResults);
            return new Page<>(loadModels(c, page.items()), page.nextPageToken());
        });
    }

    @Override
    public void setRegisteredModelTag(String name, Tag tag) {
        db.write(c -> {
            lockModel(c, name);
            upsertModelTag(c, name, tag);
            return null;
        });
    }

    @Override
    public void deleteRegisteredModelTag(String name, String key) {
        db.write(c -> {
            lockModel(c, name);
            return Statements.update(c, "DELETE FROM registered_model_tags WHERE name = ? AND key = ?", name, key);
        });
    }

    // ------------------------------------------------------------------ model versions

    @Override
    public ModelVersion createModelVersion(NewModelVersion v) {
        return db.write(c -> {
            // the model's row lock serialises numbering across servers; MAX() counts deleted rows too
            lockModel(c, v.name());
            long number = Statements.queryOne(c, "SELECT COALESCE(MAX(version), 0) FROM model_versions WHERE name = ?",
                    r -> r.getLong(1), v.name()).orElse(0L) + 1;
            Statements.update(c, "INSERT INTO model_versions (name, version, creation_timestamp, last_updated_timestamp, "
                            + "description, user_id, current_stage, source, run_id, run_link, status, status_message, "
                            + "storage_location, model_id) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, ?)",
                    v.name(), number, v.now(), v.now(), v.description(), ModelVersionStage.NONE.wire(), v.source(),
                    v.runId(), v.runLink(), ModelVersionStatus.READY.name(), v.storageLocation(), v.modelId());
            for (Tag tag : v.tags()) {
                upsertVersionTag(c, v.name(), number, tag);
            }
            Statements.update(c, "UPDATE registered_models SET last_updated_timestamp = ? WHERE name = ?", v.now(),
                    v.name());
            return loadVersion(c, v.name(), number).orElseThrow();
        });
    }

    @Override
    public Optional<ModelVersion> getModelVersion(String name, long version) {
        return db.read(c -> loadVersion(c, name, version));
    }

    @Override
    public ModelVersion updateModelVersion(String name, long version, String description, long now) {
        return db.write(c -> {
            lockVersion(c, name, version);
            Statements.update(c, "UPDATE model_versions SET description = ?, last_updated_timestamp = ? WHERE name = ? "
                    + "AND version = ?", description, now, name, version);
            return loadVersion(c, name, version).orElseThrow();
        });
    }

    @Override
    public ModelVersion transitionModelVersionStage(String name, long version, ModelVersionStage stage,
                                                    boolean archiveExistingVersions, long now) {
        return db.write(c -> {
            lockVersion(c, name, version);
            if (archiveExistingVersions) {
                Statements.update(c, "UPDATE model_versions SET current_stage = ?, last_updated_timestamp = ? "
                        + "WHERE name = ? AND version <> ? AND current_stage = ?", ModelVersionStage.ARCHIVED.wire(),
                        now, name, version, stage.wire());
            }
            Statements.update(c, "UPDATE model_versions SET current_stage = ?, last_updated_timestamp = ? WHERE name = ? "
                    + "AND version = ?", stage.wire(), now, name, version);
            Statements.update(c, "UPDATE registered_models SET last_updated_timestamp = ? WHERE name = ?", now, name);
            return loadVersion(c, name, version).orElseThrow();
        });
    }

    @Override
    public void deleteModelVersion(String name, long version, long now) {
        db.write(c -> {
            lockVersion(c, name, version);
            Statements.update(c, "DELETE FROM registered_model_aliases WHERE name = ? AND version = ?", name, version);
            // MLflow redacts what pointed outside; the row stays so the number is never reused
            Statements.update(c, "UPDATE model_versions SET current_stage = ?, last_updated_timestamp = ?, "
                    + "description = NULL, user_id = NULL, source = 'REDACTED-SOURCE-PATH', run_id = 'REDACTED-RUN-ID', "
                    + "run_link = 'REDACTED-RUN-LINK', status_message = NULL WHERE name = ? AND version = ?",
                    DELETED_STAGE, now, name, version);
            return Statements.update(c, "UPDATE registered_models SET last_updated_timestamp = ? WHERE name = ?",
                    now, name);
        });
    }

    @Override
    public Page<ModelVersion> searchModelVersions(List<Comparison> filter, List<OrderBy> orderBy,
                                                  boolean excludePrompts, int maxResults, long offset) {
        List<Comparison> attributes = new ArrayList<>();
        StringBuilder tagConditions = new StringBuilder();
        List<Object> tagBinds = new ArrayList<>();
        for (Comparison comparison : filter) {
            if (comparison.identifier().kind() == EntityKind.TAG) {
                SearchSql.Fragment value = tagValueSearch.where(List.of(new Comparison(
                        new Identifier(EntityKind.ATTRIBUTE, "value"), comparison.comparator(), comparison.literal())));
                tagConditions.append(" AND EXISTS (SELECT 1 FROM model_version_tags t WHERE t.name = mv.name "
                        + "AND t.version = mv.version AND t.key = ?").append(value.sql()).append(")");
                tagBinds.add(comparison.identifier().key());
                tagBinds.addAll(value.binds());
            } else {
                attributes.add(comparison);
            }
        }
        List<OrderBy> effective = orderBy.isEmpty()
                ? List.of(new OrderBy(new Identifier(EntityKind.ATTRIBUTE, "last_updated_timestamp"), false))
                : orderBy;
        SearchSql.Fragment where = versionFilter.where(attributes);
        SearchSql.Fragment[] order = versionOrder.orderBy(effective);
        boolean byName = effective.stream().anyMatch(o -> o.identifier().key().equals("name"));
        boolean byVersion = effective.stream().anyMatch(o -> o.identifier().key().equals("version_number"));
        StringBuilder sql = new StringBuilder("SELECT ").append(VERSION_COLUMNS).append(" FROM model_versions mv")
                .append(order[0].sql()).append(" WHERE mv.current_stage <> ?").append(where.sql()).append(tagConditions);
        List<Object> binds = new ArrayList<>(order[0].binds());
        binds.add(DELETED_STAGE);
        binds.addAll(where.binds());
        binds.addAll(tagBinds);
        if (excludePrompts) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM model_version_tags p WHERE p.name = mv.name AND p.key = ? "
                    + "AND p.value = 'true')");
            binds.add(RegistryService.PROMPT_TAG);
        }
        List<String> tieBreakers = new ArrayList<>();
        if (!byName) {
            tieBreakers.add(versionName + " ASC");
        }
        if (!byVersion) {
            tieBreakers.add("mv.version DESC");
        }
        sql.append(" ORDER BY ").append(orderTerms(order[1], tieBreakers)).append(" LIMIT ? OFFSET ?");
        binds.add(maxResults + 1);
        binds.add(offset);
        return db.read(c -> {
            List<VersionRow> rows = Statements.query(c, sql.toString(), SqlRegistryStore::versionRow, binds);
            Page<VersionRow> page = Page.of(rows, offset, maxResults);
            return new Page<>(withDetails(c, page.items()), page.nextPageToken());
        });
    }

    @Override
    public void setModelVersionTag(String name, long version, Tag tag) {
        db.write(c -> {
            lockVersion(c, name, version);
            upsertVersionTag(c, name, version, tag);
            return null;
        });
    }

    @Override
    public void deleteModelVersionTag(String name, long version, String key) {
        db.write(c -> {
            lockVersion(c, name, version);
            return Statements.update(c, "DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?",
                    name, version, key);
        });
    }

    // ------------------------------------------------------------------ aliases

    @Override
    public void setAlias(String name, String alias, long version) {
        db.write(c -> {
            lockVersion(c, name, version);
            return Statements.update(c, "INSERT INTO registered_model_aliases (name, alias, version) VALUES (?, ?, ?) "
                    + "ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version", name, alias, version);
        });
    }

    @Override
    public void deleteAlias(String name, String alias) {
        db.write(c -> {
            lockModel(c, name);
            return Statements.update(c, "DELETE FROM registered_model_aliases WHERE name = ? AND alias = ?", name, alias);
        });
    }

    @Override
    public Optional<ModelVersion> getModelVersionByAlias(String name, String alias) {
        return db.read(c -> {
            if (Statements.queryOne(c, "SELECT 1 FROM registered_models WHERE name = ?", r -> 1, name).isEmpty()) {
                throw RegistryErrors.modelNotFound(name);
            }
            Optional<Long> version = Statements.queryOne(c, "SELECT version FROM registered_model_aliases WHERE name = ? "
                    + "AND alias = ?", r -> r.getLong(1), name, alias);
            return version.isEmpty() ? Optional.<ModelVersion>empty() : loadVersion(c, name, version.get());
        });
    }

    // ------------------------------------------------------------------ helpers

    /** Locks the model's row for the rest of the transaction. @throws RESOURCE_DOES_NOT_EXIST */
    private void lockModel(Connection c, String name) throws SQLException {
        if (Statements.queryOne(c, "SELECT name FROM registered_models WHERE name = ?" + db.dialect().forUpdate(),
                r -> 1, name).isEmpty()) {
            throw RegistryErrors.modelNotFound(name);
        }
    }

    /** Locks the model's row and checks the version is live. @throws RESOURCE_DOES_NOT_EXIST */
    private void lockVersion(Connection c, String name, long version) throws SQLException {
        if (Statements.queryOne(c, "SELECT name FROM registered_models WHERE name = ?" + db.dialect().forUpdate(),
                r -> 1, name).isEmpty()
                || Statements.queryOne(c, "SELECT 1 FROM model_versions WHERE name = ? AND version = ? "
                + "AND current_stage <> ?", r -> 1, name, version, DELETED_STAGE).isEmpty()) {
            throw RegistryErrors.versionNotFound(name, version);
        }
    }

    private static void upsertModelTag(Connection c, String name, Tag tag) throws SQLException {
        Statements.update(c, "INSERT INTO registered_model_tags (name, key, value) VALUES (?, ?, ?) "
                + "ON CONFLICT (name, key) DO UPDATE SET value = excluded.value", name, tag.key(), tag.value());
    }

    private static void upsertVersionTag(Connection c, String name, long version, Tag tag) throws SQLException {
        Statements.update(c, "INSERT INTO model_version_tags (name, version, key, value) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value", name, version, tag.key(),
                tag.value());
    }

    /** A model_versions row before its tags and aliases are attached. */
    private record VersionRow(String name, long version, long created, long updated, String description, String userId,
                              String stage, String source, String storageLocation, String runId, String runLink,
                              String status, String statusMessage, String modelId) {
    }

    private static VersionRow versionRow(ResultSet r) throws SQLException {
        return new VersionRow(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getString(5), r.getString(6),
                r.getString(7), r.getString(8), r.getString(9), r.getString(10), r.getString(11), r.getString(12),
                r.getString(13), r.getString(14));
    }

    private static Optional<ModelVersion> loadVersion(Connection c, String name, long version) throws SQLException {
        List<VersionRow> rows = Statements.query(c, "SELECT " + VERSION_COLUMNS + " FROM model_versions mv "
                + "WHERE mv.name = ? AND mv.version = ? AND mv.current_stage <> ?", SqlRegistryStore::versionRow,
                name, version, DELETED_STAGE);
        List<ModelVersion> versions = withDetails(c, rows);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.getFirst());
    }

    /** The versions with their tags and alias names, in the rows' order. */
    private static List<ModelVersion> withDetails(Connection c, List<VersionRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(new LinkedHashSet<>(rows.stream().map(VersionRow::name).toList()));
        Map<String, List<Tag>> tags = new HashMap<>();
        Map<String, List<String>> aliases = new HashMap<>();
        for (List<String> chunk : chunks(names)) {
            String in = " IN (" + Statements.placeholders(chunk.size()) + ")";
            for (Object[] row : Statements.query(c, "SELECT name, version, key, value FROM model_version_tags "
                    + "WHERE name" + in + " ORDER BY key", r -> new Object[] {versionKey(r.getString(1), r.getLong(2)),
                    new Tag(r.getString(3), r.getString(4))}, chunk)) {
                tags.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((Tag) row[1]);
            }
            for (String[] row : Statements.query(c, "SELECT name, version, alias FROM registered_model_aliases "
                    + "WHERE name" + in + " ORDER BY alias", r -> new String[] {versionKey(r.getString(1),
                    r.getLong(2)), r.getString(3)}, chunk)) {
                aliases.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row[1]);
            }
        }
        List<ModelVersion> versions = new ArrayList<>(rows.size());
        for (VersionRow row : rows) {
            String key = versionKey(row.name(), row.version());
            versions.add(new ModelVersion(row.name(), row.version(), row.created(), row.updated(), row.description(),
                    row.userId(), ModelVersionStage.parse(row.stage()), row.source(), row.storageLocation(),
                    row.runId(), row.runLink(), ModelVersionStatus.valueOf(row.status()), row.statusMessage(),
                    tags.getOrDefault(key, List.of()), aliases.getOrDefault(key, List.of()), row.modelId()));
        }
        return versions;
    }

    /** Whole registered models for the names, in the names' order; unknown names are skipped. */
    private static List<RegisteredModel> loadModels(Connection c, List<String> names) throws SQLException {
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, Object[]> rows = new HashMap<>();
        Map<String, List<Tag>> tags = new HashMap<>();
        Map<String, List<RegisteredModelAlias>> aliases = new HashMap<>();
        List<VersionRow> latest = new ArrayList<>();
        for (List<String> chunk : chunks(names)) {
            String in = " IN (" + Statements.placeholders(chunk.size()) + ")";
            for (Object[] row : Statements.query(c, "SELECT " + MODEL_COLUMNS + " FROM registered_models rm WHERE rm.name"
                    + in, r -> new Object[] {r.getString(1), r.getLong(2), r.getLong(3), r.getString(4), r.getString(5)},
                    chunk)) {
                rows.put((String) row[0], row);
            }
            for (String[] row : Statements.query(c, "SELECT name, key, value FROM registered_model_tags WHERE name" + in
                    + " ORDER BY key", r -> new String[] {r.getString(1), r.getString(2), r.getString(3)}, chunk)) {
                tags.computeIfAbsent(row[0], k -> new ArrayList<>()).add(new Tag(row[1], row[2]));
            }
            for (Object[] row : Statements.query(c, "SELECT name, alias, version FROM registered_model_aliases WHERE name"
                    + in + " ORDER BY alias", r -> new Object[] {r.getString(1), r.getString(2), r.getLong(3)}, chunk)) {
                aliases.computeIfAbsent((String) row[0], k -> new ArrayList<>())
                        .add(new RegisteredModelAlias((String) row[1], (Long) row[2]));
            }
            List<Object> binds = new ArrayList<>(chunk);
            binds.add(DELETED_STAGE);
            latest.addAll(Statements.query(c, "SELECT " + VERSION_COLUMNS + " FROM model_versions mv WHERE mv.name" + in
                    + " AND mv.current_stage <> ? AND mv.version = (SELECT MAX(o.version) FROM model_versions o "
                    + "WHERE o.name = mv.name AND o.current_stage = mv.current_stage) ORDER BY mv.name, mv.version",
                    SqlRegistryStore::versionRow, binds));
        }
        Map<String, List<ModelVersion>> latestByModel = new HashMap<>();
        for (ModelVersion version : withDetails(c, latest)) {
            latestByModel.computeIfAbsent(version.name(), k -> new ArrayList<>()).add(version);
        }
        List<RegisteredModel> models = new ArrayList<>(names.size());
        for (String name : names) {
            Object[] row = rows.get(name);
            if (row != null) {
                models.add(new RegisteredModel(name, (Long) row[1], (Long) row[2], (String) row[3], (String) row[4],
                        latestByModel.getOrDefault(name, List.of()), tags.getOrDefault(name, List.of()),
                        aliases.getOrDefault(name, List.of())));
            }
        }
        return models;
    }

    /** The ORDER BY list: the requested terms (which end in a comma), then the tie-breakers. */
    private static String orderTerms(SearchSql.Fragment requested, List<String> tieBreakers) {
        String terms = requested.sql() + String.join(", ", tieBreakers);
        return terms.endsWith(", ") ? terms.substring(0, terms.length() - 2) : terms;
    }

    private static String versionKey(String name, long version) {
        return version + "\u0000" + name;
    }

    private static List<List<String>> chunks(List<String> names) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < names.size(); i += CHUNK) {
            chunks.add(names.subList(i, Math.min(names.size(), i + CHUNK)));
        }
        return chunks;
    }
}
