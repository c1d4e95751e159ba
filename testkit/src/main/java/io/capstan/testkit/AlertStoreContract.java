package io.capstan.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.monitoring.alert.AlertAction;
import io.capstan.monitoring.alert.AlertEvent;
import io.capstan.monitoring.alert.AlertJson;
import io.capstan.monitoring.alert.AlertMetric;
import io.capstan.monitoring.alert.AlertRule;
import io.capstan.monitoring.alert.AlertState;
import io.capstan.monitoring.alert.Condition;
import io.capstan.monitoring.alert.RetrainRequest;
import io.capstan.monitoring.alert.StoredRule;
import io.capstan.monitoring.spi.AlertStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link AlertStore} must do. Subclass it once per implementation; each test gets a fresh store. */
public abstract class AlertStoreContract {
    protected static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    private Path tempDir;

    /** The store under test. */
    protected AlertStore store;

    /** A new, empty store. */
    protected abstract AlertStore createStore(Path dir) throws Exception;

    /** Releases what {@link #createStore} opened. */
    protected void closeStore() throws Exception {
    }

    @BeforeEach
    final void openStore() throws Exception {
        store = createStore(tempDir);
    }

    @AfterEach
    final void close() throws Exception {
        closeStore();
    }

    protected static AlertRule rule(String name) {
        return new AlertRule(name, "m", new Condition(AlertMetric.parse("column_drift_score:age"), Condition.Op.LT, 0.01),
                2, 3, List.of(new AlertAction.Webhook(URI.create("https://hooks.example.com/x?a=1"), "secret"),
                        new AlertAction.Retrain("train", null), new AlertAction.Retrain(null, URI.create("http://h/r"))));
    }

    static AlertEvent event(String id, String rule, Instant at, AlertEvent.Kind kind, String retrainId) {
        return new AlertEvent(id, rule, "m", kind, at, 0.004, at, List.of(
                new AlertEvent.Delivery(id, rule, 0, "webhook", AlertEvent.Delivery.Status.PENDING, 0, null, at,
                        "{\"event\":1}", null),
                new AlertEvent.Delivery(id, rule, 1, "retrain_command", AlertEvent.Delivery.Status.PENDING, 0, null, at,
                        "{\"retrain\":1}", retrainId)));
    }

    static RetrainRequest retrain(String id, Instant at) {
        return new RetrainRequest(id, "r", "m", "iris", "iris-model", "3", "because", at, RetrainRequest.Status.PENDING,
                at, at, null, null);
    }

    @Test
    void keepsRulesWithTheirSecrets() {
        StoredRule stored = store.putRule(rule("r"), true, T0);
        assertThat(AlertJson.json(stored.rule(), true)).isEqualTo(AlertJson.json(rule("r"), true));
        StoredRule replaced = store.putRule(rule("r"), false, T0.plusSeconds(5));
        assertThat(replaced.createdAt()).isEqualTo(T0);
        assertThat(replaced.updatedAt()).isEqualTo(T0.plusSeconds(5));
        store.putRule(rule("a"), true, T0);
        assertThat(store.rules()).extracting(r -> r.rule().name()).containsExactly("a", "r");
        assertThat(store.rule("none")).isEmpty();
    }

    @Test
    void aStateMovesOnlyFromTheVersionItWasReadAt() {
        store.putRule(rule("r"), true, T0);
        AlertState initial = store.state("r");
        assertThat(initial.firing()).isFalse();
        assertThat(initial.cursor()).isNull();

        AlertState next = new AlertState("r", false, null, T0, 1, 0, initial.version());
        assertThat(store.advance(initial, next, null)).isTrue();
        assertThat(store.advance(initial, next, null)).isFalse();
        AlertState stored = store.state("r");
        assertThat(stored.cursor()).isEqualTo(T0);
        assertThat(stored.breaching()).isEqualTo(1);
        assertThat(stored.version()).isEqualTo(initial.version() + 1);

        store.putRule(rule("r"), false, T0);
        assertThat(store.state("r").cursor()).isEqualTo(T0);
        store.putRule(rule("r"), true, T0);
        AlertState reset = store.state("r");
        assertThat(reset.cursor()).isNull();
        assertThat(reset.version()).isGreaterThan(stored.version());
        assertThat(store.advance(stored, next, null)).isFalse();
    }

    @Test
    void keepsEventsWithTheirDeliveriesAndRetrainRequests() {
        store.putRule(rule("r"), true, T0);
        AlertState s0 = store.state("r");
        AlertState firing = new AlertState("r", true, T0, T0, 2, 0, s0.version());
        assertThat(store.advance(s0, firing, new AlertStore.NewEvent(event("e1", "r", T0, AlertEvent.Kind.FIRING, "q1"),
                List.of(retrain("q1", T0))))).isTrue();
        AlertState s1 = store.state("r");
        assertThat(s1.firing()).isTrue();
        assertThat(s1.since()).isEqualTo(T0);
        AlertState resolved = new AlertState("r", false, T0.plusSeconds(60), T0.plusSeconds(60), 0, 3, s1.version());
        store.advance(s1, resolved, new AlertStore.NewEvent(new AlertEvent("e2", "r", "m", AlertEvent.Kind.RESOLVED,
                T0.plusSeconds(60), 0.5, T0.plusSeconds(60), List.of()), List.of()));

        List<AlertEvent> events = store.events("r", 10);
        assertThat(events).extracting(AlertEvent::id).containsExactly("e2", "e1");
        AlertEvent e1 = events.get(1);
        assertThat(e1.kind()).isEqualTo(AlertEvent.Kind.FIRING);
        assertThat(e1.value()).isEqualTo(0.004);
        assertThat(e1.deliveries()).extracting(AlertEvent.Delivery::type).containsExactly("webhook", "retrain_command");
        assertThat(e1.deliveries().get(1).retrainRequestId()).isEqualTo("q1");
        assertThat(e1.deliveries().get(0).body()).isEqualTo("{\"event\":1}");
        assertThat(store.events("r", 1)).hasSize(1);
        assertThat(store.retrainRequest("q1").orElseThrow().model()).isEqualTo("iris-model");
    }

    @Test
    void aDeliveryIsClaimedByOneSenderAndRetriedWhenDue() {
        store.putRule(rule("r"), true, T0);
        AlertState s0 = store.state("r");
        store.advance(s0, new AlertState("r", true, T0, T0, 2, 0, s0.version()),
                new AlertStore.NewEvent(event("e1", "r", T0, AlertEvent.Kind.FIRING, "q1"), List.of(retrain("q1", T0))));

        List<AlertEvent.Delivery> claimed = store.claimDeliveries(T0, Duration.ofMinutes(2), 1);
        assertThat(claimed).extracting(AlertEvent.Delivery::action).containsExactly(0);
        assertThat(store.claimDeliveries(T0, Duration.ofMinutes(2), 10)).extracting(AlertEvent.Delivery::action)
                .containsExactly(1);
        assertThat(store.claimDeliveries(T0.plusSeconds(60), Duration.ofMinutes(2), 10)).isEmpty();

        store.recordDelivery("e1", 0, AlertEvent.Delivery.Status.PENDING, 1, "HTTP 500", T0.plusSeconds(2));
        assertThat(store.claimDeliveries(T0.plusSeconds(1), Duration.ofMinutes(2), 10)).isEmpty();
        List<AlertEvent.Delivery> retry = store.claimDeliveries(T0.plusSeconds(2), Duration.ofMinutes(2), 10);
        assertThat(retry).extracting(AlertEvent.Delivery::action).containsExactly(0);
        assertThat(retry.get(0).attempts()).isEqualTo(1);
        assertThat(retry.get(0).lastError()).isEqualTo("HTTP 500");

        store.recordDelivery("e1", 0, AlertEvent.Delivery.Status.DELIVERED, 2, null, T0.plusSeconds(3));
        assertThat(store.claimDeliveries(T0.plus(Duration.ofHours(1)), Duration.ofMinutes(2), 10))
                .extracting(AlertEvent.Delivery::action).containsExactly(1);
        AlertEvent.Delivery delivered = store.events("r", 1).get(0).deliveries().get(0);
        assertThat(delivered.status()).isEqualTo(AlertEvent.Delivery.Status.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(2);
        assertThat(delivered.lastError()).isNull();
    }

    @Test
    void failedDeliveriesCanBeSentAgain() {
        store.putRule(rule("r"), true, T0);
        AlertState s0 = store.state("r");
        store.advance(s0, new AlertState("r", true, T0, T0, 2, 0, s0.version()),
                new AlertStore.NewEvent(event("e1", "r", T0, AlertEvent.Kind.FIRING, "q1"), List.of(retrain("q1", T0))));
        store.recordDelivery("e1", 0, AlertEvent.Delivery.Status.FAILED, 8, "HTTP 503", T0);
        store.recordDelivery("e1", 1, AlertEvent.Delivery.Status.DELIVERED, 1, null, T0);
        assertThat(store.redeliver("e1", T0.plusSeconds(60))).isEqualTo(1);
        assertThat(store.redeliver("nope", T0)).isZero();
        List<AlertEvent.Delivery> again = store.claimDeliveries(T0.plusSeconds(60), Duration.ofMinutes(1), 10);
        assertThat(again).extracting(AlertEvent.Delivery::action).containsExactly(0);
        assertThat(again.get(0).attempts()).isZero();
        assertThat(store.events("r", 1).get(0).deliveries().get(1).status()).isEqualTo(AlertEvent.Delivery.Status.DELIVERED);
    }

    @Test
    void aRetrainRequestIsClaimedOnceThenCompleted() {
        store.putRule(rule("r"), true, T0);
        AlertState s0 = store.state("r");
        store.advance(s0, new AlertState("r", true, T0, T0, 2, 0, s0.version()), new AlertStore.NewEvent(
                event("e1", "r", T0, AlertEvent.Kind.FIRING, "q1"), List.of(retrain("q1", T0),
                        retrain("q2", T0.plusSeconds(1)))));
        assertThat(store.retrainRequests(RetrainRequest.Status.PENDING, null, 10)).extracting(RetrainRequest::id)
                .containsExactly("q2", "q1");
        assertThat(store.completeRetrain("q1", RetrainRequest.Status.SUCCEEDED, "x", T0)).isEmpty();

        RetrainRequest claimed = store.claimRetrain("q1", "pipeline-1", T0.plusSeconds(5)).orElseThrow();
        assertThat(claimed.status()).isEqualTo(RetrainRequest.Status.CLAIMED);
        assertThat(claimed.claimedBy()).isEqualTo("pipeline-1");
        assertThat(claimed.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(store.claimRetrain("q1", "pipeline-2", T0)).isEmpty();
        assertThat(store.claimRetrain("nope", "pipeline-2", T0)).isEmpty();

        String longResult = "x".repeat(RetrainRequest.MAX_RESULT) + "tail";
        RetrainRequest done = store.completeRetrain("q1", RetrainRequest.Status.FAILED, longResult, T0.plusSeconds(9))
                .orElseThrow();
        assertThat(done.status()).isEqualTo(RetrainRequest.Status.FAILED);
        assertThat(done.result()).hasSize(RetrainRequest.MAX_RESULT).endsWith("tail");
        assertThat(store.completeRetrain("q1", RetrainRequest.Status.SUCCEEDED, "again", T0)).isEmpty();
        assertThat(store.retrainRequests(null, null, 10)).hasSize(2);
        assertThat(store.retrainRequests(null, "m", 1)).hasSize(1);
        assertThat(store.retrainRequests(null, "other", 10)).isEmpty();
        assertThat(store.retrainRequests(RetrainRequest.Status.FAILED, "m", 10)).extracting(RetrainRequest::id)
                .containsExactly("q1");
    }

    @Test
    void deletingARuleDeletesItsStateAndEventsButNotItsRetrainRequests() {
        store.putRule(rule("r"), true, T0);
        AlertState s0 = store.state("r");
        store.advance(s0, new AlertState("r", true, T0, T0, 2, 0, s0.version()),
                new AlertStore.NewEvent(event("e1", "r", T0, AlertEvent.Kind.FIRING, "q1"), List.of(retrain("q1", T0))));
        assertThat(store.deleteRule("r")).isTrue();
        assertThat(store.deleteRule("r")).isFalse();
        assertThat(store.events("r", 10)).isEmpty();
        assertThat(store.claimDeliveries(T0, Duration.ofMinutes(1), 10)).isEmpty();
        assertThat(store.state("r").firing()).isFalse();
        assertThat(store.retrainRequest("q1")).isPresent();
    }
}
