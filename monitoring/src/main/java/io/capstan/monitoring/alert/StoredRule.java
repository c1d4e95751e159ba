package io.capstan.monitoring.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A rule as stored.
 *
 * @param rule the rule
 * @param createdAt when it was first created
 * @param updatedAt when it last changed
 */
public record StoredRule(AlertRule rule, Instant createdAt, Instant updatedAt) {
    public StoredRule {
        requireNonNull(rule, "rule is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
