package io.capstan.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A monitor as stored.
 *
 * @param spec what it watches
 * @param createdAt when it was first created
 * @param updatedAt when its spec last changed
 */
public record StoredMonitor(MonitorSpec spec, Instant createdAt, Instant updatedAt) {
    public StoredMonitor {
        requireNonNull(spec, "spec is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
