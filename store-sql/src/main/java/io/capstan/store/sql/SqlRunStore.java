package io.capstan.store.sql;

import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.tracking.Dataset;
import io.capstan.tracking.DatasetInput;
import io.capstan.tracking.LifecycleStage;
import io.capstan.tracking.Metric;
import io.capstan.tracking.ModelInput;
import io.capstan.tracking.ModelOutput;
import io.capstan.tracking.Param;
import io.capstan.tracking.Run;
import io.capstan.tracking.RunInfo;
import io.capstan.tracking.RunMetric;
import io.capstan.tracking.RunService;
import io.capstan.tracking.RunStatus;
import io.capstan.tracking.Tag;
import io.capstan.tracking.ViewType;
import io.capstan.tracking.search.Comparison;
import io.capstan.tracking.search.OrderBy;
import io.capstan.tracking.spi.NewRun;
import io.capstan.tracking.spi.RunStore;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/** {@link RunStore} on the SQL {@link Database}. */
public final class SqlRunStore implements RunStore {
    static final String RUN_COLUMNS = "r.run_id, r.name, r.experiment_id, r.user_id, r.status, r.start_time, "
            + "r.end_time, r.artifact_uri, r.lifecycle_stage";
    private static final SearchSql.Entity ENTITY = new SearchSql.Entity("r", "r.run_id", attributes(),
            "run_tags.run_id", "run_params.run_id", "latest_metrics.run_id");

    /**
     * Staged metric points that trigger a merge into the clustered history (SQLite). Measured on
     * 2 cores with 100-key batches over 4 runs: 10,000 gave 982 req/s, 40,000 gave 1,107, 80,000
     * gave 1,176 but with 290 ms merge pauses at p99; reading a history scans the staged rows.
     */
    static final int MERGE_THRESHOLD_ROWS = 50_000;

    private final Database db;
    private final SearchSql search;
    /** Whether new points go through {@code metric_staging} (SQLite: see {@link #mergeStagedMetrics}). */
    private final boolean staged;
    /** Points staged since the last merge; only the single SQLite writer thread touches it. */
    private long stagedRows;

    public SqlRunStore(Database db) {
        this.db = Objects.requireNonNull(db, "db is null");
        this.search = new SearchSql(db.dialect(), ENTITY);
        this.staged = switch (db.dialect()) {
            case SQLITE -> true;
            case POSTGRESQL -> false;
        };
        if (staged) {
            // whatever a previous process staged (it may have died) joins the history now
            db.write(c -> {
                mergeStagedMetrics(c);
                return null;
            });
        }
    }

    /**
     * Moves staged points into the clustered {@code metrics} table in one sorted pass. Why: the
     * history is clustered by (run, key, step), so writing a batch of N keys straight into it
     * dirties N leaf pages, each written whole to SQLite's WAL; the append-only staging table
     * takes the same batch in a page or two, and a merge writes each (run, key) page once for
     * many steps. Exact duplicates are dropped here and by the UNION in {@link #history}.
     */
    private void mergeStagedMetrics(Connection c) throws SQLException {
        Statements.update(c, "INSERT INTO metrics (run_id, key, step, timestamp, value, is_nan) SELECT run_id, key, "
                + "step, timestamp, value, is_nan FROM metric_staging WHERE true "
                + "ORDER BY run_id, key, step, timestamp, value, is_nan ON CONFLICT DO NOTHING");
        Statements.update(c, "DELETE FROM metric_staging");
        stagedRows = 0;
    }

    /**
     * A FROM source {@code h} with the history rows a condition selects: the merged table plus,
     * on SQLite, the staged points (UNION, so a point in both counts once).
     */
    private String history(String condition) {
        String select = "SELECT run_id, key, step, timestamp, value, is_nan FROM ";
        return staged
                ? "(" + select + "metrics WHERE " + condition + " UNION " + select + "metric_staging WHERE " + condition
                        + ") h"
                : "(" + select + "metrics WHERE " + condition + ") h";
    }

    /** The bind values for {@link #history}: once per table it reads. */
    private List<Object> historyArgs(List<Object> args) {
        if (!staged) {
            return args;
        }
        List<Object> twice = new ArrayList<>(args);
        twice.addAll(args);
        return twice;
    }

    private static Map<String, SearchSql.Column> attributes() {
        Map<String, SearchSql.Column> columns = new LinkedHashMap<>();
        columns.put("run_id", new SearchSql.Column("r.run_id", false));
        columns.put("run_name", new SearchSql.Column("r.name", false));
        columns.put("status", new SearchSql.Column("r.status", false));
        columns.put("user_id", new SearchSql.Column("r.user_id", false));
        columns.put("artifact_uri", new SearchSql.Column("r.artifact_uri", false));
        columns.put("lifecycle_stage", new SearchSql.Column("r.lifecycle_stage", false));
        columns.put("experiment_id", new SearchSql.Column("r.experiment_id", true));
        columns.put("start_time", new SearchSql.Column("r.start_time", true));
        columns.put("end_time", new SearchSql.Column("r.end_time", true));
        return columns;
    }

    @Override
    public Run create(NewRun run) {
        long experimentId = Long.parseLong(run.experimentId());
        return db.write(c -> {
            Statements.update(c, "INSERT INTO runs (run_id, experiment_id, name, user_id, status, start_time, end_time, "
                            + "artifact_uri, lifecycle_stage) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)",
                    run.runId(), experimentId, run.runName(), run.userId() == null ? "" : run.userId(),
                    RunStatus.RUNNING.name(), run.startTime(), run.artifactUri(), LifecycleStage.ACTIVE.wire());
            upsertTags(c, run.runId(), run.tags());
            return loadRuns(c, List.of(run.runId())).getFirst();
        });
    }

    @Override
    public Optional<Run> get(String runId) {
        return db.read(c -> {
            List<Run> runs = loadRuns(c, List.of(runId));
            return runs.isEmpty() ? Optional.<Run>empty() : Optional.of(runs.getFirst());
        });
    }

    @Override
    public Optional<RunInfo> getInfo(String runId) {
        return db.read(c -> info(c, runId));
    }

    @Override
    public RunInfo update(String runId, RunStatus status, Long endTime, String runName) {
        return db.write(c -> {
            requireActive(c, runId);
            if (status != null) {
                Statements.update(c, "UPDATE runs SET status = ? WHERE run_id = ?", status.name(), runId);
            }
            if (endTime != null) {
                Statements.update(c, "UPDATE runs SET end_time = ? WHERE run_id = ?", endTime, runId);
            }
            if (runName != null) {
                Statements.update(c, "UPDATE runs SET name = ? WHERE run_id = ?", runName, runId);
                upsertTags(c, runId, List.of(new Tag(RunService.RUN_NAME_TAG, runName)));
            }
            return info(c, runId).orElseThrow();
        });
    }

    @Override
    public void setLifecycleStage(String runId, LifecycleStage stage, long now) {
        db.write(c -> {
            info(c, runId).orElseThrow(() -> RunService.runNotFound(runId));
            return Statements.update(c, "UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_id = ?",
                    stage.wire(), stage == LifecycleStage.DELETED ? now : null, runId);
        });
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        db.write(c -> {
            requireActive(c, runId);
            if (!params.isEmpty()) {
                logParams(c, runId, params);
            }
            if (!metrics.isEmpty()) {
                logMetrics(c, runId, metrics);
            }
            if (!tags.isEmpty()) {
                upsertTags(c, runId, tags);
                for (Tag tag : tags) {
                    if (tag.key().equals(RunService.RUN_NAME_TAG)) {
                        Statements.update(c, "UPDATE runs SET name = ? WHERE run_id = ?", tag.value(), runId);
                    }
                }
            }
            return null;
        });
    }

    private static void logParams(Connection c, String runId, List<Param> params) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO run_params (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Param param : params) {
                Statements.bind(insert, runId, param.key(), param.value());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        List<Object> args = new ArrayList<>();
        args.add(runId);
        params.forEach(p -> args.add(p.key()));
        Map<String, String> stored = new HashMap<>();
        for (String[] row : Statements.query(c, "SELECT key, value FROM run_params WHERE run_id = ? AND key IN ("
                + Statements.placeholders(params.size()) + ")", r -> new String[] {r.getString(1), r.getString(2)}, args)) {
            stored.put(row[0], row[1]);
        }
        for (Param param : params) {
            String existing = stored.get(param.key());
            if (existing != null && !existing.equals(param.value())) {
                throw CapstanException.invalid("Changing param values is not allowed. Param with key='%s' was already "
                        + "logged with value='%s' for run ID='%s'. Attempted logging new value '%s'.",
                        param.key(), existing, runId, param.value());
            }
        }
    }

    private void logMetrics(Connection c, String runId, List<Metric> metrics) throws SQLException {
        Map<String, Metric> latest = new LinkedHashMap<>();
        boolean anyModel = false;
        List<Object[]> rows = new ArrayList<>(metrics.size());
        for (Metric m : metrics) {
            rows.add(new Object[] {runId, m.key(), m.step(), m.timestamp(), storedValue(m.value()),
                    Double.isNaN(m.value())});
            Metric current = latest.get(m.key());
            if (current == null || m.isLaterThan(current)) {
                latest.put(m.key(), m);
            }
            anyModel |= m.modelId() != null && !m.modelId().isEmpty();
        }
        String columns = " (run_id, key, step, timestamp, value, is_nan)";
        if (staged) {
            Statements.insertRows(c, "INSERT INTO metric_staging" + columns, "", rows);
        } else {
            Statements.insertRows(c, "INSERT INTO metrics" + columns, "ON CONFLICT DO NOTHING", rows);
        }
        if (staged) {
            stagedRows += metrics.size();
            if (stagedRows >= MERGE_THRESHOLD_ROWS) {
                mergeStagedMetrics(c);
            }
        }
        List<Object[]> latestRows = new ArrayList<>(latest.size());
        for (Metric m : latest.values()) {
            latestRows.add(new Object[] {runId, m.key(), m.step(), m.timestamp(), storedValue(m.value()),
                    Double.isNaN(m.value())});
        }
        Statements.insertRows(c, "INSERT INTO latest_metrics" + columns, "ON CONFLICT (run_id, key) DO UPDATE SET "
                + "step = excluded.step, timestamp = excluded.timestamp, value = excluded.value, is_nan = excluded.is_nan "
                + "WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND "
                + "(excluded.timestamp > latest_metrics.timestamp OR (excluded.timestamp = latest_metrics.timestamp "
                + "AND excluded.value > latest_metrics.value)))", latestRows);
        if (anyModel) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO logged_model_metrics (model_id, key, step, "
                    + "timestamp, value, is_nan, run_id, dataset_name, dataset_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING")) {
                for (Metric m : metrics) {
                    if (m.modelId() == null || m.modelId().isEmpty()) {
                        continue;
                    }
                    Statements.bind(insert, m.modelId(), m.key(), m.step(), m.timestamp(), storedValue(m.value()),
                            Double.isNaN(m.value()), runId, m.datasetName() == null ? "" : m.datasetName(),
                            m.datasetDigest() == null ? "" : m.datasetDigest());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    /** NaN is stored as 0 with is_nan set: SQLite would turn NaN into NULL. */
    static double storedValue(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    @Override
    public void deleteTag(String runId, String key) {
        db.write(c -> {
            requireActive(c, runId);
            if (Statements.update(c, "DELETE FROM run_tags WHERE run_id = ? AND key = ?", runId, key) == 0) {
                throw CapstanException.notFound("No tag with name: %s in run with id %s", key, runId);
            }
            return null;
        });
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> datasets, List<ModelInput> models) {
        db.write(c -> {
            RunInfo info = requireActive(c, runId);
            long experimentId = Long.parseLong(info.experimentId());
            long position = Statements.queryOne(c, "SELECT COUNT(*) FROM run_dataset_inputs WHERE run_id = ?",
                    r -> r.getLong(1), runId).orElse(0L);
            for (DatasetInput input : datasets) {
                Dataset d = input.dataset();
                String datasetId = UUID.nameUUIDFromBytes((experimentId + "\u0000" + d.name() + "\u0000" + d.digest())
                        .getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
                Statements.update(c, "INSERT INTO datasets (dataset_id, experiment_id, name, digest, source_type, source, "
                                + "schema, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        datasetId, experimentId, d.name(), d.digest(), d.sourceType(), d.source(), d.schema(), d.profile());
                if (Statements.update(c, "INSERT INTO run_dataset_inputs (run_id, dataset_id, position) VALUES (?, ?, ?) "
                        + "ON CONFLICT DO NOTHING", runId, datasetId, position) > 0) {
                    position++;
                }
                for (Tag tag : input.tags()) {
                    Statements.update(c, "INSERT INTO run_dataset_input_tags (run_id, dataset_id, key, value) VALUES "
                            + "(?, ?, ?, ?) ON CONFLICT (run_id, dataset_id, key) DO UPDATE SET value = excluded.value",
                            runId, datasetId, tag.key(), tag.value());
                }
            }
            for (ModelInput model : models) {
                Statements.update(c, "INSERT INTO run_model_inputs (run_id, model_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        runId, model.modelId());
            }
            return null;
        });
    }

    @Override
    public void logOutputs(String runId, List<ModelOutput> outputs) {
        db.write(c -> {
            requireActive(c, runId);
            for (ModelOutput output : outputs) {
                Statements.update(c, "INSERT INTO run_model_outputs (run_id, model_id, step) VALUES (?, ?, ?) "
                        + "ON CONFLICT DO NOTHING", runId, output.modelId(), output.step());
            }
            return null;
        });
    }

    @Override
    public Page<Run> search(List<String> experimentIds, ViewType viewType, List<Comparison> filter,
                            List<OrderBy> orderBy, int maxResults, long offset) {
        List<Long> ids = SqlExperimentStore.numericIds(experimentIds);
        if (ids.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        SearchSql.Fragment where = search.where(filter);
        SearchSql.Fragment[] order = search.orderBy(orderBy);
        String sql = "SELECT r.run_id FROM runs r" + order[0].sql() + " WHERE r.experiment_id IN ("
                + Statements.placeholders(ids.size()) + ")" + lifecycle(viewType) + where.sql() + " ORDER BY "
                + order[1].sql() + "r.start_time DESC, r.run_id ASC LIMIT ? OFFSET ?";
        List<Object> binds = new ArrayList<>(order[0].binds());
        binds.addAll(ids);
        binds.addAll(where.binds());
        binds.add(maxResults + 1);
        binds.add(offset);
        return db.read(c -> {
            List<String> runIds = Statements.query(c, sql, r -> r.getString(1), binds);
            Page<String> page = Page.of(runIds, offset, maxResults);
            return new Page<>(loadRuns(c, page.items()), page.nextPageToken());
        });
    }

    @Override
    public Page<Metric> metricHistory(String runId, String key, Integer maxResults, long offset) {
        String sql = "SELECT key, value, is_nan, timestamp, step FROM " + history("run_id = ? AND key = ?")
                + " ORDER BY step, timestamp, value" + (maxResults == null ? "" : " LIMIT ? OFFSET ?");
        List<Object> args = historyArgs(List.of(runId, key));
        return db.read(c -> {
            if (maxResults == null) {
                return new Page<>(Statements.query(c, sql, SqlRunStore::metric, args), null);
            }
            List<Object> paged = new ArrayList<>(args);
            paged.add(maxResults + 1);
            paged.add(offset);
            return Page.of(Statements.query(c, sql, SqlRunStore::metric, paged), offset, maxResults);
        });
    }

    @Override
    public List<RunMetric> metricHistoryBulkInterval(List<String> runIds, String key, Long startStep, Long endStep,
                                                     int maxResults) {
        return db.read(c -> {
            List<RunMetric> result = new ArrayList<>();
            for (String runId : runIds) {
                List<Long> steps = Statements.query(c, "SELECT DISTINCT step FROM "
                        + history("run_id = ? AND key = ? AND step >= ? AND step <= ?") + " ORDER BY step",
                        r -> r.getLong(1), historyArgs(List.of(runId, key,
                                startStep == null ? Long.MIN_VALUE : startStep, endStep == null ? Long.MAX_VALUE : endStep)));
                TreeSet<Long> sampled = sampleSteps(steps, maxResults);
                if (sampled.isEmpty()) {
                    continue;
                }
                List<Object> args = new ArrayList<>(List.of(runId, key));
                args.addAll(sampled);
                for (Metric m : Statements.query(c, "SELECT key, value, is_nan, timestamp, step FROM "
                        + history("run_id = ? AND key = ? AND step IN (" + Statements.placeholders(sampled.size()) + ")")
                        + " ORDER BY step, timestamp, value", SqlRunStore::metric, historyArgs(args))) {
                    result.add(new RunMetric(runId, m));
                }
            }
            return result;
        });
    }

    /** At most {@code max} steps spread evenly over the sorted {@code steps}, first and last included. */
    static TreeSet<Long> sampleSteps(List<Long> steps, int max) {
        TreeSet<Long> sampled = new TreeSet<>();
        if (steps.size() <= max) {
            sampled.addAll(steps);
            return sampled;
        }
        int n = steps.size();
        for (int i = 0; i < max; i++) {
            sampled.add(steps.get(max == 1 ? 0 : (int) Math.round((double) i * (n - 1) / (max - 1))));
        }
        sampled.add(steps.getLast());
        return sampled;
    }

    static Metric metric(ResultSet r) throws SQLException {
        double value = r.getInt(3) == 1 ? Double.NaN : r.getDouble(2);
        return new Metric(r.getString(1), value, r.getLong(4), r.getLong(5));
    }

    private static String lifecycle(ViewType viewType) {
        return switch (viewType) {
            case ACTIVE_ONLY -> " AND r.lifecycle_stage = 'active'";
            case DELETED_ONLY -> " AND r.lifecycle_stage = 'deleted'";
            case ALL -> "";
        };
    }

    private static void upsertTags(Connection c, String runId, List<Tag> tags) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO run_tags (run_id, key, value) VALUES (?, ?, ?) "
                + "ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value")) {
            for (Tag tag : tags) {
                Statements.bind(upsert, runId, tag.key(), tag.value());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    static Optional<RunInfo> info(Connection c, String runId) throws SQLException {
        return Statements.queryOne(c, "SELECT " + RUN_COLUMNS + " FROM runs r WHERE r.run_id = ?", SqlRunStore::runInfo,
                runId);
    }

    private static RunInfo requireActive(Connection c, String runId) throws SQLException {
        RunInfo info = info(c, runId).orElseThrow(() -> RunService.runNotFound(runId));
        if (info.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw CapstanException.invalid("The run %s must be in the 'active' state. Current state is %s.", runId,
                    info.lifecycleStage().wire());
        }
        return info;
    }

    private static RunInfo runInfo(ResultSet r) throws SQLException {
        return new RunInfo(r.getString(1), r.getString(2), Long.toString(r.getLong(3)), r.getString(4),
                RunStatus.valueOf(r.getString(5)), r.getLong(6), Statements.nullableLong(r, "end_time"),
                r.getString(8), LifecycleStage.fromWire(r.getString(9)));
    }

    /** Loads whole runs for the ids, in the ids' order; unknown ids are skipped. */
    private static List<Run> loadRuns(Connection c, List<String> runIds) throws SQLException {
        if (runIds.isEmpty()) {
            return List.of();
        }
        String in = " IN (" + Statements.placeholders(runIds.size()) + ")";
        Map<String, RunInfo> infos = new HashMap<>();
        for (RunInfo info : Statements.query(c, "SELECT " + RUN_COLUMNS + " FROM runs r WHERE r.run_id" + in,
                SqlRunStore::runInfo, runIds)) {
            infos.put(info.runId(), info);
        }
        Map<String, List<Param>> params = new HashMap<>();
        for (Object[] row : Statements.query(c, "SELECT run_id, key, value FROM run_params WHERE run_id" + in
                + " ORDER BY key", r -> new Object[] {r.getString(1), new Param(r.getString(2), r.getString(3))}, runIds)) {
            params.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((Param) row[1]);
        }
        Map<String, List<Tag>> tags = new HashMap<>();
        for (Object[] row : Statements.query(c, "SELECT run_id, key, value FROM run_tags WHERE run_id" + in
                + " ORDER BY key", r -> new Object[] {r.getString(1), new Tag(r.getString(2), r.getString(3))}, runIds)) {
            tags.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((Tag) row[1]);
        }
        Map<String, List<Metric>> metrics = new HashMap<>();
        for (Object[] row : Statements.query(c, "SELECT run_id, key, value, is_nan, timestamp, step FROM latest_metrics "
                + "WHERE run_id" + in + " ORDER BY key", r -> new Object[] {r.getString(1),
                new Metric(r.getString(2), r.getInt(4) == 1 ? Double.NaN : r.getDouble(3), r.getLong(5), r.getLong(6))},
                runIds)) {
            metrics.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((Metric) row[1]);
        }
        Map<String, List<DatasetInput>> inputs = loadDatasetInputs(c, in, runIds);
        Map<String, List<ModelInput>> modelInputs = new HashMap<>();
        for (String[] row : Statements.query(c, "SELECT run_id, model_id FROM run_model_inputs WHERE run_id" + in
                + " ORDER BY model_id", r -> new String[] {r.getString(1), r.getString(2)}, runIds)) {
            modelInputs.computeIfAbsent(row[0], k -> new ArrayList<>()).add(new ModelInput(row[1]));
        }
        Map<String, List<ModelOutput>> outputs = new HashMap<>();
        for (Object[] row : Statements.query(c, "SELECT run_id, model_id, step FROM run_model_outputs WHERE run_id" + in
                + " ORDER BY step, model_id", r -> new Object[] {r.getString(1), new ModelOutput(r.getString(2),
                r.getLong(3))}, runIds)) {
            outputs.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((ModelOutput) row[1]);
        }
        List<Run> runs = new ArrayList<>(runIds.size());
        for (String runId : runIds) {
            RunInfo info = infos.get(runId);
            if (info != null) {
                runs.add(new Run(info, metrics.getOrDefault(runId, List.of()), params.getOrDefault(runId, List.of()),
                        tags.getOrDefault(runId, List.of()), inputs.getOrDefault(runId, List.of()),
                        modelInputs.getOrDefault(runId, List.of()), outputs.getOrDefault(runId, List.of())));
            }
        }
        return runs;
    }

    private static Map<String, List<DatasetInput>> loadDatasetInputs(Connection c, String in, List<String> runIds)
            throws SQLException {
        Map<String, List<DatasetInput>> inputs = new HashMap<>();
        Map<String, List<Tag>> inputTags = new HashMap<>();
        for (String[] row : Statements.query(c, "SELECT run_id, dataset_id, key, value FROM run_dataset_input_tags "
                + "WHERE run_id" + in + " ORDER BY key", r -> new String[] {r.getString(1), r.getString(2),
                r.getString(3), r.getString(4)}, runIds)) {
            inputTags.computeIfAbsent(row[0] + "/" + row[1], k -> new ArrayList<>()).add(new Tag(row[2], row[3]));
        }
        for (Object[] row : Statements.query(c, "SELECT i.run_id, i.dataset_id, d.name, d.digest, d.source_type, "
                + "d.source, d.schema, d.profile FROM run_dataset_inputs i JOIN datasets d ON d.dataset_id = i.dataset_id "
                + "WHERE i.run_id" + in + " ORDER BY i.position", r -> new Object[] {
                r.getString(1), r.getString(2), new Dataset(r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getString(8))}, runIds)) {
            String runId = (String) row[0];
            List<Tag> tags = inputTags.getOrDefault(runId + "/" + row[1], List.of());
            inputs.computeIfAbsent(runId, k -> new ArrayList<>()).add(new DatasetInput(tags, (Dataset) row[2]));
        }
        return inputs;
    }
}
