package io.capstan.store.sql;

import io.capstan.serving.deploy.DeploymentSpec;
import io.capstan.serving.deploy.DeploymentSpec.RollbackPolicy;
import io.capstan.serving.deploy.DeploymentSpec.TrafficSplit;
import io.capstan.serving.deploy.DeploymentStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link DeploymentStore} on the SQL {@link Database}: the specs every {@code capstan server}
 * replica on this database serves (tables {@code deployments} and {@code deployment_traffic}).
 *
 * <p>A spec is read with one statement joining both tables, so a reader never sees a deployment
 * row with half of a concurrent save's traffic. Writes run in one transaction each; a
 * {@link #replace} locks the deployment's row ({@link SqlDialect#forUpdate()}) before comparing,
 * so of several replicas replacing the same spec exactly one wins. Thread-safe.
 */
public final class SqlDeploymentStore implements DeploymentStore {
    private static final String SELECT = "SELECT d.name, d.model, d.alias, d.shadow_version, d.sticky_header, "
            + "d.rollback_max_error_rate, d.rollback_max_p99_nanos, d.rollback_window_millis, "
            + "d.rollback_consecutive_windows, d.rollback_min_requests, t.version, t.weight "
            + "FROM deployments d LEFT JOIN deployment_traffic t ON t.deployment_name = d.name";

    private final Database db;
    private final String byName;

    public SqlDeploymentStore(Database db) {
        this.db = Objects.requireNonNull(db, "db is null");
        // names sort by code point on every engine, as the other stores and the in-memory one sort them
        this.byName = switch (db.dialect()) {
            case SQLITE -> " ORDER BY d.name, t.position";
            case POSTGRESQL -> " ORDER BY d.name COLLATE \"C\", t.position";
        };
    }

    @Override
    public List<DeploymentSpec> load() {
        return db.read(c -> specs(c, SELECT + byName));
    }

    @Override
    public void save(DeploymentSpec spec) {
        Objects.requireNonNull(spec, "spec is null");
        db.write(c -> {
            write(c, spec);
            return null;
        });
    }

    @Override
    public boolean replace(DeploymentSpec expected, DeploymentSpec next) {
        Objects.requireNonNull(expected, "expected is null");
        Objects.requireNonNull(next, "next is null");
        if (!expected.name().equals(next.name())) {
            throw new IllegalArgumentException("Cannot replace deployment '" + expected.name() + "' with '"
                    + next.name() + "'");
        }
        return db.write(c -> {
            // lock the row first: a concurrent replace waits here and then compares with what this one wrote
            if (Statements.queryOne(c, "SELECT name FROM deployments WHERE name = ?" + db.dialect().forUpdate(),
                    row -> row.getString(1), next.name()).isEmpty()) {
                return false;
            }
            List<DeploymentSpec> stored = specs(c, SELECT + " WHERE d.name = ?" + byName, next.name());
            if (!stored.equals(List.of(expected))) {
                return false;
            }
            write(c, next);
            return true;
        });
    }

    @Override
    public void delete(String name) {
        Objects.requireNonNull(name, "name is null");
        db.write(c -> {
            Statements.update(c, "DELETE FROM deployment_traffic WHERE deployment_name = ?", name);
            Statements.update(c, "DELETE FROM deployments WHERE name = ?", name);
            return null;
        });
    }

    private static void write(Connection c, DeploymentSpec spec) throws SQLException {
        RollbackPolicy r = spec.rollback();
        Statements.update(c, "INSERT INTO deployments (name, model, alias, shadow_version, sticky_header, "
                        + "rollback_max_error_rate, rollback_max_p99_nanos, rollback_window_millis, "
                        + "rollback_consecutive_windows, rollback_min_requests) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (name) DO UPDATE SET model = excluded.model, alias = excluded.alias, "
                        + "shadow_version = excluded.shadow_version, sticky_header = excluded.sticky_header, "
                        + "rollback_max_error_rate = excluded.rollback_max_error_rate, "
                        + "rollback_max_p99_nanos = excluded.rollback_max_p99_nanos, "
                        + "rollback_window_millis = excluded.rollback_window_millis, "
                        + "rollback_consecutive_windows = excluded.rollback_consecutive_windows, "
                        + "rollback_min_requests = excluded.rollback_min_requests",
                spec.name(), spec.model(), spec.alias(), spec.shadowVersion(), spec.stickyHeader(),
                r == null ? null : r.maxErrorRate(), r == null ? null : r.maxP99().toNanos(),
                r == null ? null : r.window().toMillis(), r == null ? null : r.consecutiveWindows(),
                r == null ? null : r.minRequests());
        Statements.update(c, "DELETE FROM deployment_traffic WHERE deployment_name = ?", spec.name());
        if (!spec.traffic().isEmpty()) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < spec.traffic().size(); i++) {
                TrafficSplit split = spec.traffic().get(i);
                rows.add(new Object[] {spec.name(), i, split.version(), split.weight()});
            }
            Statements.insertRows(c, "INSERT INTO deployment_traffic (deployment_name, position, version, weight)", "",
                    rows);
        }
    }

    /** The specs of a {@link #SELECT} ordered by name, then traffic position. */
    private static List<DeploymentSpec> specs(Connection c, String sql, Object... args) throws SQLException {
        List<DeploymentSpec> specs = new ArrayList<>();
        List<Row> rows = Statements.query(c, sql, Row::read, args);
        int i = 0;
        while (i < rows.size()) {
            Row first = rows.get(i);
            List<TrafficSplit> traffic = new ArrayList<>();
            for (; i < rows.size() && rows.get(i).name().equals(first.name()); i++) {
                if (rows.get(i).version() != null) {
                    traffic.add(new TrafficSplit(rows.get(i).version(), rows.get(i).weight()));
                }
            }
            specs.add(new DeploymentSpec(first.name(), first.model(), traffic, first.alias(), first.shadowVersion(),
                    first.stickyHeader(), first.rollback()));
        }
        return specs;
    }

    /** One row of {@link #SELECT}: a deployment and one of its traffic entries (none: version null). */
    private record Row(String name, String model, String alias, String shadowVersion, String stickyHeader,
            RollbackPolicy rollback, String version, int weight) {

        static Row read(ResultSet row) throws SQLException {
            Long p99 = Statements.nullableLong(row, "rollback_max_p99_nanos");
            RollbackPolicy rollback = p99 == null ? null : new RollbackPolicy(row.getDouble("rollback_max_error_rate"),
                    Duration.ofNanos(p99), Duration.ofMillis(row.getLong("rollback_window_millis")),
                    row.getInt("rollback_consecutive_windows"), row.getInt("rollback_min_requests"));
            return new Row(row.getString("name"), row.getString("model"), row.getString("alias"),
                    row.getString("shadow_version"), row.getString("sticky_header"), rollback, row.getString("version"),
                    row.getInt("weight"));
        }
    }
}
