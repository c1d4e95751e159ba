package io.capstan.monitoring.spi;

import io.capstan.monitoring.alert.AlertEvent;
import io.capstan.monitoring.alert.AlertRule;
import io.capstan.monitoring.alert.AlertState;
import io.capstan.monitoring.alert.RetrainRequest;
import io.capstan.monitoring.alert.StoredRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps alert rules, their state, their events with each action's delivery, and retrain requests.
 * Several servers may share one store: states move by compare-and-set ({@link #advance}) and
 * deliveries are claimed before they are sent, so no event is raised or sent twice. Thread-safe;
 * every write is durable when it returns.
 */
public interface AlertStore {

    /**
     * Creates or replaces a rule (keeping {@code createdAt}); with {@code resetState} its state starts
     * afresh (not firing, no window seen).
     */
    StoredRule putRule(AlertRule rule, boolean resetState, Instant now);

    /** Returns a rule. */
    Optional<StoredRule> rule(String name);

    /** Returns every rule in name order. */
    List<StoredRule> rules();

    /** Deletes a rule with its state, events and deliveries (retrain requests stay); returns whether there was one. */
    boolean deleteRule(String name);

    /** Returns a rule's state: {@link AlertState#initial} when it has none yet. */
    AlertState state(String rule);

    /**
     * Stores {@code next} as the rule's state if the stored state still has {@code expected}'s version,
     * bumping the version; with an event, stores the event, its deliveries and retrain requests in the
     * same transaction.
     *
     * @param event the event the step raised, or null
     * @return false when another server moved the state first (nothing is stored then)
     */
    boolean advance(AlertState expected, AlertState next, NewEvent event);

    /**
     * An event to store with a state change.
     *
     * @param event the event, with its deliveries
     * @param retrainRequests the retrain requests the event records
     */
    record NewEvent(AlertEvent event, List<RetrainRequest> retrainRequests) {
        public NewEvent {
            java.util.Objects.requireNonNull(event, "event is null");
            retrainRequests = List.copyOf(retrainRequests);
        }
    }

    /** Returns a rule's events, newest first, with their deliveries. */
    List<AlertEvent> events(String rule, int maxResults);

    /**
     * Claims up to {@code max} pending deliveries that are due ({@code nextAttemptAt <= now}) and not
     * claimed by someone else until after {@code now}; they stay claimed until {@code now + lease}.
     */
    List<AlertEvent.Delivery> claimDeliveries(Instant now, Duration lease, int max);

    /** Records a delivery's outcome and drops its claim. */
    void recordDelivery(String eventId, int action, AlertEvent.Delivery.Status status, int attempts, String lastError,
            Instant nextAttemptAt);

    /**
     * Makes an event's failed deliveries pending again, with no attempt counted and due at {@code now}
     * (the dead-letter replay); returns how many there were.
     */
    int redeliver(String eventId, Instant now);

    /** Returns retrain requests, newest first, of one status or (null) all, of one monitor or (null) all. */
    List<RetrainRequest> retrainRequests(RetrainRequest.Status status, String monitor, int maxResults);

    /** Returns one retrain request. */
    Optional<RetrainRequest> retrainRequest(String id);

    /** Claims a pending request for {@code worker}; empty when it is not pending (or does not exist). */
    Optional<RetrainRequest> claimRetrain(String id, String worker, Instant now);

    /**
     * Completes a claimed request with {@code succeeded} or {@code failed} and a result; empty when it is
     * not claimed (or does not exist).
     */
    Optional<RetrainRequest> completeRetrain(String id, RetrainRequest.Status status, String result, Instant now);
}
