package io.capstan.monitoring.alert;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import java.time.Instant;
import java.util.List;

/**
 * A rule starting or stopping firing, and the delivery of each of its actions.
 *
 * @param id the event's id
 * @param rule the rule's name
 * @param monitor the monitor's name
 * @param kind firing or resolved
 * @param windowStart the window that completed the transition
 * @param value that window's value of the rule's metric
 * @param createdAt when the event happened
 * @param deliveries one per action run for it; copied
 */
public record AlertEvent(String id, String rule, String monitor, Kind kind, Instant windowStart, double value,
        Instant createdAt, List<Delivery> deliveries) {

    /** Which transition. */
    public enum Kind {
        FIRING, RESOLVED;

        /** The JSON name. */
        public String id() {
            return switch (this) {
                case FIRING -> "firing";
                case RESOLVED -> "resolved";
            };
        }

        /** @throws CapstanException INVALID_PARAMETER_VALUE for an unknown name */
        public static Kind fromId(String id) {
            for (Kind k : values()) {
                if (k.id().equals(id)) {
                    return k;
                }
            }
            throw CapstanException.invalid("Unknown event kind '%s'", id);
        }
    }

    public AlertEvent {
        requireNonNull(id, "id is null");
        requireNonNull(rule, "rule is null");
        requireNonNull(monitor, "monitor is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(windowStart, "windowStart is null");
        requireNonNull(createdAt, "createdAt is null");
        deliveries = List.copyOf(requireNonNull(deliveries, "deliveries is null"));
    }

    /**
     * One action's delivery of an event.
     *
     * @param eventId the event
     * @param rule the rule whose action this is
     * @param action the index of the action in the rule
     * @param type what is delivered: {@code webhook} (the event), {@code retrain_webhook} (the retrain
     *     request) or {@code retrain_command} (a configured command run on the retrain request)
     * @param status pending, delivered or failed
     * @param attempts tries so far
     * @param lastError the last failure, or null
     * @param nextAttemptAt when a pending delivery is tried next
     * @param body what is sent (JSON)
     * @param retrainRequestId the retrain request delivered, or null
     */
    public record Delivery(String eventId, String rule, int action, String type, Status status, int attempts, String lastError,
            Instant nextAttemptAt, String body, String retrainRequestId) {
        public Delivery {
            requireNonNull(eventId, "eventId is null");
            requireNonNull(rule, "rule is null");
            requireNonNull(type, "type is null");
            requireNonNull(status, "status is null");
            requireNonNull(nextAttemptAt, "nextAttemptAt is null");
            requireNonNull(body, "body is null");
        }

        /** A delivery's progress. */
        public enum Status {
            PENDING, DELIVERED, FAILED;

            /** The JSON name. */
            public String id() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }

            /** @throws IllegalArgumentException for an unknown name */
            public static Status fromId(String id) {
                return valueOf(id.toUpperCase(java.util.Locale.ROOT));
            }
        }
    }
}
