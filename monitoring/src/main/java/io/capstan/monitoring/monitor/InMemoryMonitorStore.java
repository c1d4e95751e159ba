package io.capstan.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import io.capstan.core.Page;
import io.capstan.core.PageToken;
import io.capstan.monitoring.spi.MonitorStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The in-memory {@link MonitorStore}: the reference for the contract, and for tests. Thread-safe. */
public final class InMemoryMonitorStore implements MonitorStore {
    private record Claim(String owner, Instant until) {
    }

    private record Stored(WindowResult result, WindowReport report) {
    }

    private final TreeMap<String, StoredMonitor> monitors = new TreeMap<>();
    private final Map<String, TreeMap<Instant, Stored>> windows = new TreeMap<>();
    private final Map<String, Map<Instant, Claim>> claims = new TreeMap<>();

    @Override
    public synchronized StoredMonitor put(MonitorSpec spec, Instant now) {
        requireNonNull(spec.start(), "a stored spec has a start");
        StoredMonitor existing = monitors.get(spec.name());
        StoredMonitor stored = new StoredMonitor(spec, existing == null ? now : existing.createdAt(), now);
        monitors.put(spec.name(), stored);
        return stored;
    }

    @Override
    public synchronized Optional<StoredMonitor> get(String name) {
        return Optional.ofNullable(monitors.get(name));
    }

    @Override
    public synchronized List<StoredMonitor> list() {
        return List.copyOf(monitors.values());
    }

    @Override
    public synchronized boolean delete(String name) {
        windows.remove(name);
        claims.remove(name);
        return monitors.remove(name) != null;
    }

    @Override
    public synchronized boolean claim(String monitor, Instant windowStart, String owner, Instant now, Duration lease) {
        if (!monitors.containsKey(monitor) || windows.getOrDefault(monitor, new TreeMap<>()).containsKey(windowStart)) {
            return false;
        }
        Map<Instant, Claim> held = claims.computeIfAbsent(monitor, k -> new TreeMap<>());
        Claim claim = held.get(windowStart);
        if (claim != null && now.isBefore(claim.until())) {
            return false;
        }
        held.put(windowStart, new Claim(owner, now.plus(lease)));
        return true;
    }

    @Override
    public synchronized void release(String monitor, Instant windowStart, String owner) {
        Map<Instant, Claim> held = claims.get(monitor);
        if (held != null && held.containsKey(windowStart) && held.get(windowStart).owner().equals(owner)) {
            held.remove(windowStart);
        }
    }

    @Override
    public synchronized void save(WindowResult result, WindowReport report) {
        if (!monitors.containsKey(result.monitor())) {
            return;
        }
        windows.computeIfAbsent(result.monitor(), k -> new TreeMap<>()).put(result.start(), new Stored(result, report));
        Map<Instant, Claim> held = claims.get(result.monitor());
        if (held != null) {
            held.remove(result.start());
        }
    }

    @Override
    public synchronized void updateQuality(String monitor, Instant windowStart, Quality quality) {
        TreeMap<Instant, Stored> stored = windows.get(monitor);
        if (stored != null && stored.containsKey(windowStart)) {
            Stored s = stored.get(windowStart);
            stored.put(windowStart, new Stored(s.result().withQuality(quality), s.report()));
        }
    }

    @Override
    public synchronized Optional<WindowResult> window(String monitor, Instant windowStart) {
        return Optional.ofNullable(windows.getOrDefault(monitor, new TreeMap<>()).get(windowStart)).map(Stored::result);
    }

    @Override
    public synchronized Optional<WindowReport> report(String monitor, Instant windowStart) {
        return Optional.ofNullable(windows.getOrDefault(monitor, new TreeMap<>()).get(windowStart)).map(Stored::report);
    }

    @Override
    public synchronized Page<WindowResult> windows(String monitor, Instant from, Instant to, int maxResults,
            String pageToken) {
        long offset = pageToken == null ? 0 : PageToken.offset(pageToken);
        List<WindowResult> matching = new ArrayList<>();
        for (Stored s : windows.getOrDefault(monitor, new TreeMap<>()).descendingMap().values()) {
            Instant start = s.result().start();
            if (!start.isBefore(from) && start.isBefore(to)) {
                matching.add(s.result());
            }
        }
        int first = (int) Math.min(offset, matching.size());
        List<WindowResult> rows = matching.subList(first, Math.min(matching.size(), first + maxResults + 1));
        return Page.of(new ArrayList<>(rows), offset, maxResults);
    }

    @Override
    public synchronized List<WindowResult> windowsAfter(String monitor, Instant after, int maxResults) {
        List<WindowResult> out = new ArrayList<>();
        for (Stored s : windows.getOrDefault(monitor, new TreeMap<>()).tailMap(after, false).values()) {
            if (out.size() == maxResults) {
                break;
            }
            out.add(s.result());
        }
        return out;
    }

    @Override
    public synchronized List<Instant> storedStarts(String monitor, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return List.of();
        }
        return List.copyOf(windows.getOrDefault(monitor, new TreeMap<>()).subMap(from, true, to, false).keySet());
    }

    @Override
    public synchronized List<WindowResult> latestWindows() {
        List<WindowResult> out = new ArrayList<>();
        for (String name : monitors.keySet()) {
            TreeMap<Instant, Stored> stored = windows.get(name);
            if (stored != null && !stored.isEmpty()) {
                out.add(stored.lastEntry().getValue().result());
            }
        }
        return out;
    }
}
