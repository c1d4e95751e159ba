package io.capstan.monitoring.alert;

import io.capstan.monitoring.spi.AlertStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The in-memory {@link AlertStore}: the reference for the contract, and for tests. Thread-safe. */
public final class InMemoryAlertStore implements AlertStore {
    private final TreeMap<String, StoredRule> rules = new TreeMap<>();
    private final Map<String, AlertState> states = new HashMap<>();
    private final Map<String, List<AlertEvent>> events = new HashMap<>();
    private final Map<String, Instant> claimedUntil = new HashMap<>();
    private final Map<String, RetrainRequest> retrains = new LinkedHashMap<>();

    @Override
    public synchronized StoredRule putRule(AlertRule rule, boolean resetState, Instant now) {
        StoredRule existing = rules.get(rule.name());
        StoredRule stored = new StoredRule(rule, existing == null ? now : existing.createdAt(), now);
        rules.put(rule.name(), stored);
        if (resetState || existing == null) {
            AlertState old = states.get(rule.name());
            AlertState fresh = AlertState.initial(rule.name());
            states.put(rule.name(), old == null ? fresh : new AlertState(rule.name(), false, null, null, 0, 0,
                    old.version() + 1));
        }
        return stored;
    }

    @Override
    public synchronized Optional<StoredRule> rule(String name) {
        return Optional.ofNullable(rules.get(name));
    }

    @Override
    public synchronized List<StoredRule> rules() {
        return List.copyOf(rules.values());
    }

    @Override
    public synchronized boolean deleteRule(String name) {
        states.remove(name);
        List<AlertEvent> gone = events.remove(name);
        if (gone != null) {
            gone.forEach(e -> e.deliveries().forEach(d -> claimedUntil.remove(key(d.eventId(), d.action()))));
        }
        return rules.remove(name) != null;
    }

    @Override
    public synchronized AlertState state(String rule) {
        return states.getOrDefault(rule, AlertState.initial(rule));
    }

    @Override
    public synchronized boolean advance(AlertState expected, AlertState next, NewEvent event) {
        if (!rules.containsKey(expected.rule()) || state(expected.rule()).version() != expected.version()) {
            return false;
        }
        states.put(expected.rule(), new AlertState(next.rule(), next.firing(), next.since(), next.cursor(),
                next.breaching(), next.good(), expected.version() + 1));
        if (event != null) {
            events.computeIfAbsent(expected.rule(), k -> new ArrayList<>()).add(event.event());
            event.retrainRequests().forEach(r -> retrains.put(r.id(), r));
        }
        return true;
    }

    @Override
    public synchronized List<AlertEvent> events(String rule, int maxResults) {
        List<AlertEvent> list = new ArrayList<>(events.getOrDefault(rule, List.of()));
        list.sort(Comparator.comparing(AlertEvent::createdAt).thenComparing(AlertEvent::windowStart).reversed());
        return List.copyOf(list.subList(0, Math.min(maxResults, list.size())));
    }

    @Override
    public synchronized List<AlertEvent.Delivery> claimDeliveries(Instant now, Duration lease, int max) {
        List<AlertEvent.Delivery> due = new ArrayList<>();
        List<AlertEvent> all = new ArrayList<>();
        events.values().forEach(all::addAll);
        all.sort(Comparator.comparing(AlertEvent::createdAt));
        for (AlertEvent e : all) {
            for (AlertEvent.Delivery d : e.deliveries()) {
                if (due.size() == max) {
                    return due;
                }
                Instant claim = claimedUntil.get(key(d.eventId(), d.action()));
                if (d.status() == AlertEvent.Delivery.Status.PENDING && !d.nextAttemptAt().isAfter(now)
                        && (claim == null || !claim.isAfter(now))) {
                    claimedUntil.put(key(d.eventId(), d.action()), now.plus(lease));
                    due.add(d);
                }
            }
        }
        return due;
    }

    @Override
    public synchronized void recordDelivery(String eventId, int action, AlertEvent.Delivery.Status status, int attempts,
            String lastError, Instant nextAttemptAt) {
        for (List<AlertEvent> list : events.values()) {
            for (int i = 0; i < list.size(); i++) {
                AlertEvent e = list.get(i);
                if (!e.id().equals(eventId)) {
                    continue;
                }
                List<AlertEvent.Delivery> deliveries = new ArrayList<>();
                for (AlertEvent.Delivery d : e.deliveries()) {
                    deliveries.add(d.action() != action ? d : new AlertEvent.Delivery(d.eventId(), d.rule(), d.action(),
                            d.type(), status, attempts, lastError, nextAttemptAt, d.body(), d.retrainRequestId()));
                }
                list.set(i, new AlertEvent(e.id(), e.rule(), e.monitor(), e.kind(), e.windowStart(), e.value(),
                        e.createdAt(), deliveries));
                claimedUntil.remove(key(eventId, action));
                return;
            }
        }
    }

    @Override
    public synchronized int redeliver(String eventId, Instant now) {
        int count = 0;
        for (List<AlertEvent> list : events.values()) {
            for (AlertEvent e : list) {
                if (!e.id().equals(eventId)) {
                    continue;
                }
                for (AlertEvent.Delivery d : e.deliveries()) {
                    if (d.status() == AlertEvent.Delivery.Status.FAILED) {
                        count++;
                    }
                }
            }
        }
        if (count > 0) {
            for (List<AlertEvent> list : events.values()) {
                for (AlertEvent e : List.copyOf(list)) {
                    if (e.id().equals(eventId)) {
                        for (AlertEvent.Delivery d : e.deliveries()) {
                            if (d.status() == AlertEvent.Delivery.Status.FAILED) {
                                recordDelivery(eventId, d.action(), AlertEvent.Delivery.Status.PENDING, 0, d.lastError(),
                                        now);
                            }
                        }
                    }
                }
            }
        }
        return count;
    }

    @Override
    public synchronized List<RetrainRequest> retrainRequests(RetrainRequest.Status status, String monitor,
            int maxResults) {
        List<RetrainRequest> list = new ArrayList<>();
        for (RetrainRequest r : retrains.values()) {
            if ((status == null || r.status() == status) && (monitor == null || r.monitor().equals(monitor))) {
                list.add(r);
            }
        }
        list.sort(Comparator.comparing(RetrainRequest::createdAt).thenComparing(RetrainRequest::id).reversed());
        return List.copyOf(list.subList(0, Math.min(maxResults, list.size())));
    }

    @Override
    public synchronized Optional<RetrainRequest> retrainRequest(String id) {
        return Optional.ofNullable(retrains.get(id));
    }

    @Override
    public synchronized Optional<RetrainRequest> claimRetrain(String id, String worker, Instant now) {
        RetrainRequest r = retrains.get(id);
        if (r == null || r.status() != RetrainRequest.Status.PENDING) {
            return Optional.empty();
        }
        RetrainRequest claimed = new RetrainRequest(r.id(), r.rule(), r.monitor(), r.deployment(), r.model(),
                r.modelVersion(), r.reason(), r.windowStart(), RetrainRequest.Status.CLAIMED, r.createdAt(), now, worker,
                null);
        retrains.put(id, claimed);
        return Optional.of(claimed);
    }

    @Override
    public synchronized Optional<RetrainRequest> completeRetrain(String id, RetrainRequest.Status status, String result,
            Instant now) {
        RetrainRequest r = retrains.get(id);
        if (r == null || r.status() != RetrainRequest.Status.CLAIMED) {
            return Optional.empty();
        }
        RetrainRequest done = new RetrainRequest(r.id(), r.rule(), r.monitor(), r.deployment(), r.model(),
                r.modelVersion(), r.reason(), r.windowStart(), status, r.createdAt(), now, r.claimedBy(), result);
        retrains.put(id, done);
        return Optional.of(done);
    }

    private static String key(String eventId, int action) {
        return eventId + "#" + action;
    }
}
