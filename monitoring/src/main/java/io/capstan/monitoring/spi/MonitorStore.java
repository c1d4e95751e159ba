package io.capstan.monitoring.spi;

import io.capstan.core.Page;
import io.capstan.monitoring.monitor.MonitorSpec;
import io.capstan.monitoring.monitor.Quality;
import io.capstan.monitoring.monitor.StoredMonitor;
import io.capstan.monitoring.monitor.WindowReport;
import io.capstan.monitoring.monitor.WindowResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps monitors and their evaluated windows. Several servers may share one store: {@link #claim}
 * makes sure each window is evaluated by one of them at a time. Thread-safe; every write is durable
 * when it returns.
 */
public interface MonitorStore {

    /** Creates or replaces {@code spec.name()}'s monitor; keeps {@code createdAt} on replace. */
    StoredMonitor put(MonitorSpec spec, Instant now);

    /** Returns the monitor, if there is one. */
    Optional<StoredMonitor> get(String name);

    /** Returns every monitor in name order. */
    List<StoredMonitor> list();

    /** Deletes a monitor with its windows and claims; returns whether there was one. */
    boolean delete(String name);

    /**
     * Claims a window for evaluation. Succeeds when the window has no stored result and no claim that
     * is still alive ({@code now} before the claim's end), and then holds it until {@code now + lease}.
     * A crashed claimant's window is therefore evaluated again once its lease runs out.
     *
     * @return whether the caller now holds the claim
     */
    boolean claim(String monitor, Instant windowStart, String owner, Instant now, Duration lease);

    /** Releases a claim without storing a result (the evaluation was abandoned). */
    void release(String monitor, Instant windowStart, String owner);

    /**
     * Stores (or replaces) a window's result and report and drops its claim. Nothing happens when
     * the monitor no longer exists.
     */
    void save(WindowResult result, WindowReport report);

    /** Replaces the quality of a stored window; nothing happens when there is no such window. */
    void updateQuality(String monitor, Instant windowStart, Quality quality);

    /** Returns a stored window. */
    Optional<WindowResult> window(String monitor, Instant windowStart);

    /** Returns a stored window's report. */
    Optional<WindowReport> report(String monitor, Instant windowStart);

    /**
     * Returns stored windows whose start is in {@code [from, to)}, newest first.
     *
     * @param pageToken null for the first page, else a token a previous page returned
     * @throws io.capstan.core.CapstanException INVALID_PARAMETER_VALUE for a bad token
     */
    Page<WindowResult> windows(String monitor, Instant from, Instant to, int maxResults, String pageToken);

    /** Returns up to {@code maxResults} stored windows starting after {@code after}, oldest first. */
    List<WindowResult> windowsAfter(String monitor, Instant after, int maxResults);

    /** Returns the starts of the stored windows in {@code [from, to)}, oldest first. */
    List<Instant> storedStarts(String monitor, Instant from, Instant to);

    /** Returns the newest stored window of each monitor that has one, in monitor name order. */
    List<WindowResult> latestWindows();
}
