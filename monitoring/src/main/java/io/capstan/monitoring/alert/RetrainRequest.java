package io.capstan.monitoring.alert;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import java.time.Instant;

/**
 * A durable request to retrain a model, recorded when a rule with a retrain action fires. A pipeline
 * (or the server's configured command) claims it, then completes it.
 *
 * @param id its id
 * @param rule the rule that fired
 * @param monitor the rule's monitor
 * @param deployment the monitor's deployment, or null for a dataset monitor
 * @param model the registered model the deployment serves, or null
 * @param modelVersion the version serving most of the traffic, or null
 * @param reason what breached, e.g. {@code "drift_share >= 0.5 for 2 windows"}
 * @param windowStart the window that fired the rule
 * @param status pending, claimed, succeeded or failed
 * @param createdAt when it was recorded
 * @param updatedAt when its status last changed
 * @param claimedBy who claimed it, or null
 * @param result what the worker reported on completion (at most 4 KiB), or null
 */
public record RetrainRequest(String id, String rule, String monitor, String deployment, String model,
        String modelVersion, String reason, Instant windowStart, Status status, Instant createdAt, Instant updatedAt,
        String claimedBy, String result) {

    /** The most of a result kept. */
    public static final int MAX_RESULT = 4096;

    /** Where a request stands. */
    public enum Status {
        PENDING, CLAIMED, SUCCEEDED, FAILED;

        /** The JSON name. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @throws CapstanException INVALID_PARAMETER_VALUE for an unknown name */
        public static Status fromId(String id) {
            for (Status s : values()) {
                if (s.id().equals(id)) {
                    return s;
                }
            }
            throw CapstanException.invalid("Unknown retrain request status '%s' (pending, claimed, succeeded, failed)",
                    id);
        }
    }

    public RetrainRequest {
        requireNonNull(id, "id is null");
        requireNonNull(rule, "rule is null");
        requireNonNull(monitor, "monitor is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(windowStart, "windowStart is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        if (result != null && result.length() > MAX_RESULT) {
            result = result.substring(result.length() - MAX_RESULT);
        }
    }
}
