package io.capstan.store.sql;

import static java.util.Objects.requireNonNull;

import io.capstan.core.Page;
import io.capstan.core.PageToken;
import io.capstan.monitoring.monitor.MonitorJson;
import io.capstan.monitoring.monitor.MonitorSpec;
import io.capstan.monitoring.monitor.Quality;
import io.capstan.monitoring.monitor.StoredMonitor;
import io.capstan.monitoring.monitor.WindowReport;
import io.capstan.monitoring.monitor.WindowResult;
import io.capstan.monitoring.spi.MonitorStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Monitors and their windows in SQL. A window is one row: a claim (no summary yet) while a server
 * evaluates it, then its result; claims and results are upserts guarded by "no result yet and no
 * live claim", so servers sharing the database never evaluate a window twice at once. Reports are
 * stored gzip-compressed. Thread-safe.
 */
public final class SqlMonitorStore implements MonitorStore {
    private final Database db;

    public SqlMonitorStore(Database db) {
        this.db = requireNonNull(db, "db is null");
    }

    @Override
    public StoredMonitor put(MonitorSpec spec, Instant now) {
        requireNonNull(spec.start(), "a stored spec has a start");
        String json = MonitorJson.text(MonitorJson.json(spec));
        long t = now.toEpochMilli();
        return db.write(c -> {
            Statements.update(c, "INSERT INTO monitors (name, spec, created_at, updated_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (name) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at",
                    spec.name(), json, t, t);
            return Statements.queryOne(c, "SELECT name, spec, created_at, updated_at FROM monitors WHERE name = ?",
                    SqlMonitorStore::monitor, spec.name()).orElseThrow();
        });
    }

    private static StoredMonitor monitor(ResultSet r) throws SQLException {
        return new StoredMonitor(MonitorJson.spec(MonitorJson.parse(r.getString("spec"))),
                Instant.ofEpochMilli(r.getLong("created_at")), Instant.ofEpochMilli(r.getLong("updated_at")));
    }

    @Override
    public Optional<StoredMonitor> get(String name) {
        return db.read(c -> Statements.queryOne(c,
                "SELECT name, spec, created_at, updated_at FROM monitors WHERE name = ?", SqlMonitorStore::monitor, name));
    }

    @Override
    public List<StoredMonitor> list() {
        return db.read(c -> Statements.query(c,
                "SELECT name, spec, created_at, updated_at FROM monitors ORDER BY name", SqlMonitorStore::monitor));
    }

    @Override
    public boolean delete(String name) {
        return db.write(c -> {
            Statements.update(c, "DELETE FROM monitor_windows WHERE monitor = ?", name);
            return Statements.update(c, "DELETE FROM monitors WHERE name = ?", name) > 0;
        });
    }

    @Override
    public boolean claim(String monitor, Instant windowStart, String owner, Instant now, Duration lease) {
        long until = now.plus(lease).toEpochMilli();
        return db.write(c -> {
            if (Statements.queryOne(c, "SELECT 1 FROM monitors WHERE name = ?", r -> 1, monitor).isEmpty()) {
                return false;
            }
            return Statements.update(c, "INSERT INTO monitor_windows (monitor, window_start, claimed_by, claimed_until) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (monitor, window_start) DO UPDATE SET claimed_by = excluded.claimed_by, "
                    + "claimed_until = excluded.claimed_until WHERE monitor_windows.summary IS NULL "
                    + "AND (monitor_windows.claimed_until IS NULL OR monitor_windows.claimed_until <= ?)",
                    monitor, windowStart.toEpochMilli(), owner, until, now.toEpochMilli()) > 0;
        });
    }

    @Override
    public void release(String monitor, Instant windowStart, String owner) {
        db.write(c -> Statements.update(c, "DELETE FROM monitor_windows WHERE monitor = ? AND window_start = ? "
                + "AND summary IS NULL AND claimed_by = ?", monitor, windowStart.toEpochMilli(), owner));
    }

    @Override
    public void save(WindowResult result, WindowReport report) {
        String summary = MonitorJson.text(MonitorJson.summary(result));
        byte[] drift = Gzip.compress(report.driftJson());
        byte[] html = Gzip.compress(report.html());
        db.write(c -> {
            if (Statements.queryOne(c, "SELECT 1 FROM monitors WHERE name = ?", r -> 1, result.monitor()).isEmpty()) {
                return null;
            }
            Statements.update(c, "INSERT INTO monitor_windows (monitor, window_start, summary, drift_json, report_html) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (monitor, window_start) DO UPDATE SET summary = excluded.summary, "
                    + "drift_json = excluded.drift_json, report_html = excluded.report_html, claimed_by = NULL, "
                    + "claimed_until = NULL", result.monitor(), result.start().toEpochMilli(), summary, drift, html);
            return null;
        });
    }

    @Override
    public void updateQuality(String monitor, Instant windowStart, Quality quality) {
        db.write(c -> {
            Optional<String> summary = Statements.queryOne(c, "SELECT summary FROM monitor_windows WHERE monitor = ? "
                    + "AND window_start = ? AND summary IS NOT NULL" + db.dialect().forUpdate(), r -> r.getString(1),
                    monitor, windowStart.toEpochMilli());
            if (summary.isPresent()) {
                WindowResult updated = MonitorJson.window(MonitorJson.parse(summary.get())).withQuality(quality);
                Statements.update(c, "UPDATE monitor_windows SET summary = ? WHERE monitor = ? AND window_start = ?",
                        MonitorJson.text(MonitorJson.summary(updated)), monitor, windowStart.toEpochMilli());
            }
            return null;
        });
    }

    private static WindowResult window(ResultSet r) throws SQLException {
        return MonitorJson.window(MonitorJson.parse(r.getString("summary")));
    }

    @Override
    public Optional<WindowResult> window(String monitor, Instant windowStart) {
        return db.read(c -> Statements.queryOne(c, "SELECT summary FROM monitor_windows WHERE monitor = ? "
                + "AND window_start = ? AND summary IS NOT NULL", SqlMonitorStore::window, monitor,
                windowStart.toEpochMilli()));
    }

    @Override
    public Optional<WindowReport> report(String monitor, Instant windowStart) {
        return db.read(c -> Statements.queryOne(c, "SELECT drift_json, report_html FROM monitor_windows "
                + "WHERE monitor = ? AND window_start = ? AND summary IS NOT NULL",
                r -> new WindowReport(Gzip.decompress(r.getBytes(1)), Gzip.decompress(r.getBytes(2))), monitor,
                windowStart.toEpochMilli()));
    }

    @Override
    public Page<WindowResult> windows(String monitor, Instant from, Instant to, int maxResults, String pageToken) {
        long offset = pageToken == null ? 0 : PageToken.offset(pageToken);
        List<WindowResult> rows = db.read(c -> Statements.query(c, "SELECT summary FROM monitor_windows "
                + "WHERE monitor = ? AND window_start >= ? AND window_start < ? AND summary IS NOT NULL "
                + "ORDER BY window_start DESC LIMIT ? OFFSET ?", SqlMonitorStore::window, monitor, millis(from),
                millis(to), maxResults + 1, offset));
        return Page.of(rows, offset, maxResults);
    }

    @Override
    public List<WindowResult> windowsAfter(String monitor, Instant after, int maxResults) {
        return db.read(c -> Statements.query(c, "SELECT summary FROM monitor_windows WHERE monitor = ? "
                + "AND window_start > ? AND summary IS NOT NULL ORDER BY window_start LIMIT ?", SqlMonitorStore::window,
                monitor, millis(after), maxResults));
    }

    @Override
    public List<Instant> storedStarts(String monitor, Instant from, Instant to) {
        return db.read(c -> Statements.query(c, "SELECT window_start FROM monitor_windows WHERE monitor = ? "
                + "AND window_start >= ? AND window_start < ? AND summary IS NOT NULL ORDER BY window_start",
                r -> Instant.ofEpochMilli(r.getLong(1)), monitor, millis(from), millis(to)));
    }

    @Override
    public List<WindowResult> latestWindows() {
        return db.read(c -> Statements.query(c, "SELECT w.summary FROM monitor_windows w JOIN ("
                + "SELECT monitor, MAX(window_start) AS newest FROM monitor_windows WHERE summary IS NOT NULL "
                + "GROUP BY monitor) n ON w.monitor = n.monitor AND w.window_start = n.newest "
                + "JOIN monitors m ON m.name = w.monitor ORDER BY w.monitor", SqlMonitorStore::window));
    }

    /** Instants as epoch millis, the far ends clamped so that they fit a BIGINT. */
    static long millis(Instant t) {
        if (t.isBefore(Instant.ofEpochMilli(Long.MIN_VALUE / 2))) {
            return Long.MIN_VALUE / 2;
        }
        if (t.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
            return Long.MAX_VALUE / 2;
        }
        return t.toEpochMilli();
    }
}
