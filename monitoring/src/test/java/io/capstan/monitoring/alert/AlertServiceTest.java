package io.capstan.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.core.IdGenerator;
import io.capstan.monitoring.drift.DriftOptions;
import io.capstan.monitoring.monitor.InMemoryMonitorStore;
import io.capstan.monitoring.monitor.MonitorJson;
import io.capstan.monitoring.monitor.MonitorSource;
import io.capstan.monitoring.monitor.MonitorSpec;
import io.capstan.monitoring.monitor.MutableClock;
import io.capstan.monitoring.monitor.Quality;
import io.capstan.monitoring.monitor.WindowReport;
import io.capstan.monitoring.monitor.WindowResult;
import io.capstan.monitoring.monitor.WindowStatus;
import io.capstan.monitoring.spi.DeployedModels;
import io.capstan.monitoring.spi.MonitorMetrics;
import io.capstan.monitoring.spi.RetrainCommands;
import io.capstan.monitoring.spi.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertServiceTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    record Call(URI url, String body, Map<String, String> headers) {
    }

    final MutableClock clock = new MutableClock(T0);
    final InMemoryMonitorStore monitors = new InMemoryMonitorStore();
    final InMemoryAlertStore store = new InMemoryAlertStore();
    final List<Call> calls = new ArrayList<>();
    final Deque<Integer> statuses = new ArrayDeque<>();
    final List<Map<String, String>> commandRuns = new ArrayList<>();
    final WebhookSender webhooks = (url, body, headers) -> {
        calls.add(new Call(url, new String(body, StandardCharsets.UTF_8), headers));
        Integer status = statuses.poll();
        if (status != null && status < 0) {
            throw new IOException("connection refused");
        }
        return status == null ? 200 : status;
    };
    final RetrainCommands commands = new RetrainCommands() {
        @Override
        public Set<String> names() {
            return Set.of("train");
        }

        @Override
        public Outcome run(String name, Map<String, String> environment) {
            commandRuns.add(environment);
            return new Outcome(true, "trained; exit 0");
        }
    };
    AlertService service;

    @BeforeEach
    void setUp() {
        monitors.put(new MonitorSpec("m", new MonitorSource.Deployment("iris"), "ref", List.of(), List.of(), HOUR,
                Duration.ZERO, 10, DriftOptions.defaults(), null, T0), T0);
        service = new AlertService(store, monitors,
                deployment -> Optional.of(new DeployedModels.DeployedModel("iris-model", "3")), webhooks, commands,
                Runnable::run, MonitorMetrics.NONE, clock, IdGenerator.fromRandom(new Random(1)), "test");
    }

    /** Stores window {@code i} (hour i after T0) with this drift share. */
    void window(int i, double share) {
        Instant start = T0.plus(HOUR.multipliedBy(i));
        monitors.save(new WindowResult("m", start, start.plus(HOUR), WindowStatus.OK, null, 100, 100, share >= 0.5,
                share, 4, (int) (share * 4), List.of(), null, start.plus(HOUR)), WindowReport.none());
    }

    AlertRule rule(int forWindows, int resolveWindows, List<AlertAction> actions) {
        return new AlertRule("r", "m", new Condition(AlertMetric.parse("drift_share"), Condition.Op.GE, 0.5),
                forWindows, resolveWindows, actions);
    }

    List<AlertEvent.Kind> kinds() {
        return store.events("r", 100).stream().map(AlertEvent::kind).toList().reversed();
    }

    @Test
    void firesAfterConsecutiveBreachesOnceAndResolvesAfterConsecutiveGoodWindows() {
        service.put(rule(2, 2, List.of()));
        double[] shares = {0.75, 0.25, 0.75, 0.75, 1.0, 0.25, 0.75, 0.25, 0.25, 0.0};
        for (int i = 0; i < shares.length; i++) {
            window(i, shares[i]);
            service.tick();
        }
        // fires at window 3 (2nd breach in a row), stays firing through 4-6 (6 breaches again), resolves at 8
        assertThat(kinds()).containsExactly(AlertEvent.Kind.FIRING, AlertEvent.Kind.RESOLVED);
        List<AlertEvent> events = store.events("r", 10).reversed();
        assertThat(events.get(0).windowStart()).isEqualTo(T0.plus(HOUR.multipliedBy(3)));
        assertThat(events.get(1).windowStart()).isEqualTo(T0.plus(HOUR.multipliedBy(8)));
        assertThat(service.get("r").state().firing()).isFalse();
    }

    @Test
    void manyWindowsInOneTickGiveTheSameEvents() {
        service.put(rule(1, 1, List.of()));
        window(0, 0.0);
        service.tick();
        double[] shares = {0.75, 0.0, 0.75, 0.0};
        for (int i = 0; i < shares.length; i++) {
            window(i + 1, shares[i]);
        }
        service.tick();
        assertThat(kinds()).containsExactly(AlertEvent.Kind.FIRING, AlertEvent.Kind.RESOLVED, AlertEvent.Kind.FIRING,
                AlertEvent.Kind.RESOLVED);
    }

    @Test
    void aNewRuleLooksAtTheNewestWindowsOnly() {
        for (int i = 0; i < 20; i++) {
            window(i, i < 10 ? 1.0 : 0.0);
        }
        clock.set(T0.plus(HOUR.multipliedBy(20)));
        service.put(rule(2, 1, List.of()));
        service.tick();
        assertThat(store.events("r", 10)).isEmpty();
        assertThat(service.get("r").state().cursor()).isEqualTo(T0.plus(HOUR.multipliedBy(19)));
    }

    @Test
    void windowsWithoutTheMetricCountTowardNeither() {
        service.put(rule(2, 1, List.of()));
        window(0, 0.75);
        Instant start = T0.plus(HOUR);
        monitors.save(new WindowResult("m", start, start.plus(HOUR), WindowStatus.INSUFFICIENT_DATA, "2 rows", 2, 100,
                null, null, 0, 0, List.of(), null, start.plus(HOUR)), WindowReport.none());
        window(2, 0.75);
        service.tick();
        assertThat(kinds()).containsExactly(AlertEvent.Kind.FIRING);
    }

    @Test
    void aQualityRuleWaitsForLabels() {
        service.put(new AlertRule("r", "m", new Condition(AlertMetric.parse("accuracy"), Condition.Op.LT, 0.8), 1, 1,
                List.of()));
        window(0, 0);
        window(1, 0);
        service.tick();
        assertThat(service.get("r").state().cursor()).isNull();

        monitors.updateQuality("m", T0, new Quality(50, Map.of("accuracy", 0.95)));
        monitors.updateQuality("m", T0.plus(HOUR), new Quality(5, Map.of("accuracy", 0.1)));
        service.tick();
        // window 1 has too few labelled rows (min_rows 10): the rule stops after window 0
        assertThat(service.get("r").state().cursor()).isEqualTo(T0);
        monitors.updateQuality("m", T0.plus(HOUR), new Quality(60, Map.of("accuracy", 0.5)));
        service.tick();
        assertThat(kinds()).containsExactly(AlertEvent.Kind.FIRING);
    }

    @Test
    void aWebhookGetsTheSignedEventAndIsRetriedUntilItAnswers() throws Exception {
        service.put(rule(1, 1, List.of(new AlertAction.Webhook(URI.create("http://127.0.0.1:9/hook"), "s3cret"))));
        statuses.add(500);
        statuses.add(-1);
        window(0, 1.0);
        service.tick();
        service.deliver();
        assertThat(calls).hasSize(1);
        AlertEvent.Delivery d = store.events("r", 1).get(0).deliveries().get(0);
        assertThat(d.status()).isEqualTo(AlertEvent.Delivery.Status.PENDING);
        assertThat(d.lastError()).isEqualTo("HTTP 500");

        service.deliver();
        assertThat(calls).hasSize(1);
        clock.advance(Duration.ofSeconds(2));
        service.deliver();
        assertThat(store.events("r", 1).get(0).deliveries().get(0).lastError()).contains("connection refused");
        clock.advance(Duration.ofSeconds(4));
        service.deliver();
        assertThat(calls).hasSize(3);
        d = store.events("r", 1).get(0).deliveries().get(0);
        assertThat(d.status()).isEqualTo(AlertEvent.Delivery.Status.DELIVERED);
        assertThat(d.attempts()).isEqualTo(3);

        Call call = calls.get(2);
        assertThat(call.headers().get("X-Capstan-Signature"))
                .isEqualTo("sha256=" + AlertService.hmac("s3cret", call.body().getBytes(StandardCharsets.UTF_8)));
        JsonNode body = MonitorJson.parse(call.body());
        assertThat(body.at("/event/kind").asText()).isEqualTo("firing");
        assertThat(body.at("/window/drift_share").asDouble()).isEqualTo(1.0);
        assertThat(call.body()).doesNotContain("s3cret");
    }

    @Test
    void aDeliveryThatNeverSucceedsIsMarkedFailed() {
        service.put(rule(1, 1, List.of(new AlertAction.Webhook(URI.create("http://127.0.0.1:9/hook"), null))));
        for (int i = 0; i < AlertService.MAX_ATTEMPTS; i++) {
            statuses.add(503);
        }
        window(0, 1.0);
        service.tick();
        for (int i = 0; i < AlertService.MAX_ATTEMPTS; i++) {
            service.deliver();
            clock.advance(Duration.ofMinutes(11));
        }
        AlertEvent.Delivery d = store.events("r", 1).get(0).deliveries().get(0);
        assertThat(d.status()).isEqualTo(AlertEvent.Delivery.Status.FAILED);
        assertThat(d.attempts()).isEqualTo(AlertService.MAX_ATTEMPTS);
        service.deliver();
        assertThat(calls).hasSize(AlertService.MAX_ATTEMPTS);

        // the dead letter is sent again on request, and this time the receiver answers
        assertThat(service.redeliver("r", d.eventId())).isEqualTo(1);
        service.deliver();
        assertThat(calls).hasSize(AlertService.MAX_ATTEMPTS + 1);
        assertThat(store.events("r", 1).get(0).deliveries().get(0).status())
                .isEqualTo(AlertEvent.Delivery.Status.DELIVERED);
        assertThatThrownBy(() -> service.redeliver("r", "nope")).hasMessageContaining("has no event 'nope'");
    }

    @Test
    void firingRecordsARetrainRequestForAPipelineToClaim() {
        service.put(rule(1, 1, List.of(new AlertAction.Retrain(null, null))));
        window(0, 1.0);
        service.tick();
        List<RetrainRequest> pending = service.retrainRequests(RetrainRequest.Status.PENDING, null, 10);
        assertThat(pending).hasSize(1);
        RetrainRequest r = pending.get(0);
        assertThat(r.deployment()).isEqualTo("iris");
        assertThat(r.model()).isEqualTo("iris-model");
        assertThat(r.modelVersion()).isEqualTo("3");
        assertThat(r.reason()).isEqualTo("drift_share >= 0.5 for 1 window(s)");

        assertThatThrownBy(() -> service.complete(r.id(), RetrainRequest.Status.SUCCEEDED, "x"))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_CONFLICT));
        assertThat(service.claim(r.id(), "pipeline-1").status()).isEqualTo(RetrainRequest.Status.CLAIMED);
        assertThatThrownBy(() -> service.claim(r.id(), "pipeline-2")).hasMessageContaining("claimed by pipeline-1");
        assertThat(service.complete(r.id(), RetrainRequest.Status.SUCCEEDED, "run abc").result()).isEqualTo("run abc");
    }

    @Test
    void aRetrainWebhookGetsTheRequestWhichStaysPendingForAPipeline() {
        service.put(rule(1, 1, List.of(new AlertAction.Retrain(null, URI.create("http://127.0.0.1:9/retrain")))));
        window(0, 1.0);
        service.tick();
        service.deliver();
        assertThat(calls).hasSize(1);
        JsonNode body = MonitorJson.parse(calls.get(0).body());
        RetrainRequest request = service.retrainRequests(null, null, 10).get(0);
        assertThat(body.get("id").asText()).isEqualTo(request.id());
        assertThat(body.get("model").asText()).isEqualTo("iris-model");
        assertThat(calls.get(0).headers()).containsEntry("X-Capstan-Event", "retrain_webhook");
        assertThat(request.status()).isEqualTo(RetrainRequest.Status.PENDING);
        assertThat(store.events("r", 1).get(0).deliveries().get(0).status())
                .isEqualTo(AlertEvent.Delivery.Status.DELIVERED);
    }

    @Test
    void resolvingSendsTheWebhookButRecordsNoRetrainRequest() {
        service.put(rule(1, 1, List.of(new AlertAction.Webhook(URI.create("http://127.0.0.1:9/h"), null),
                new AlertAction.Retrain(null, null))));
        window(0, 1.0);
        service.tick();
        window(1, 0.0);
        service.tick();
        service.deliver();
        assertThat(kinds()).containsExactly(AlertEvent.Kind.FIRING, AlertEvent.Kind.RESOLVED);
        assertThat(calls).extracting(c -> MonitorJson.parse(c.body()).at("/event/kind").asText())
                .containsExactlyInAnyOrder("firing", "resolved");
        assertThat(service.retrainRequests(null, null, 10)).hasSize(1);
    }

    @Test
    void aConfiguredCommandRunsOnTheRetrainRequest() {
        service.put(rule(1, 1, List.of(new AlertAction.Retrain("train", null))));
        window(0, 1.0);
        service.tick();
        service.deliver();
        assertThat(commandRuns).hasSize(1);
        assertThat(commandRuns.get(0)).containsEntry("CAPSTAN_MODEL", "iris-model").containsKey("CAPSTAN_RETRAIN_ID");
        RetrainRequest done = service.retrainRequests(null, "m", 10).get(0);
        assertThat(done.status()).isEqualTo(RetrainRequest.Status.SUCCEEDED);
        assertThat(done.claimedBy()).startsWith("command:train@");
        assertThat(done.result()).isEqualTo("trained; exit 0");
    }

    @Test
    void aCommandClaimOfAServerThatIsGoneFailsWithTheReason() {
        service.put(rule(1, 1, List.of(new AlertAction.Retrain(null, null))));
        window(0, 1.0);
        service.tick();
        window(1, 0.0);
        service.tick();
        window(2, 1.0);
        service.tick();
        window(3, 0.0);
        service.tick();
        window(4, 1.0);
        service.tick();
        List<RetrainRequest> pending = service.retrainRequests(RetrainRequest.Status.PENDING, null, 10);
        assertThat(pending).hasSize(3);
        String deadServer = pending.get(0).id();
        String thisServer = pending.get(1).id();
        String pipeline = pending.get(2).id();
        store.claimRetrain(deadServer, "command:train@host-a:41:dead", clock.instant());
        store.claimRetrain(thisServer, "command:train@test", clock.instant());
        store.claimRetrain(pipeline, "pipeline-1", clock.instant());
        List<String> asked = new ArrayList<>();

        assertThat(service.failAbandonedCommands(server -> {
            asked.add(server);
            return false;
        })).isZero();
        assertThat(service.failAbandonedCommands(server -> true)).isEqualTo(1);

        assertThat(asked).as("neither this server's claims nor a pipeline's are questioned")
                .containsExactly("host-a:41:dead");
        RetrainRequest abandoned = service.retrainRequest(deadServer);
        assertThat(abandoned.status()).isEqualTo(RetrainRequest.Status.FAILED);
        assertThat(abandoned.result()).contains("abandoned: server host-a:41:dead stopped");
        assertThat(service.retrainRequest(thisServer).status()).isEqualTo(RetrainRequest.Status.CLAIMED);
        assertThat(service.retrainRequest(pipeline).status()).isEqualTo(RetrainRequest.Status.CLAIMED);
        assertThat(AlertService.commandServer("command:train@h:1:x")).isEqualTo("h:1:x");
        assertThat(AlertService.commandServer("pipeline@x")).isNull();
        assertThat(AlertService.commandServer("command:train@")).isNull();
    }

    @Test
    void aRuleNeedsItsMonitorAndKnownCommands() {
        assertThatThrownBy(() -> service.put(new AlertRule("r", "nope", rule(1, 1, List.of()).condition(), 1, 1,
                List.of()))).isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
        assertThatThrownBy(() -> service.put(rule(1, 1, List.of(new AlertAction.Retrain("rm-rf", null)))))
                .hasMessageContaining("No retrain command 'rm-rf'").hasMessageContaining("it has train");
    }

    @Test
    void replacingOnlyTheActionsKeepsTheState() {
        service.put(rule(1, 1, List.of()));
        window(0, 1.0);
        service.tick();
        assertThat(service.get("r").state().firing()).isTrue();
        service.put(rule(1, 1, List.of(new AlertAction.Retrain(null, null))));
        assertThat(service.get("r").state().firing()).isTrue();
        service.put(rule(2, 1, List.of()));
        assertThat(service.get("r").state().firing()).isFalse();
    }

    @Test
    void aRuleReadBackWithAHiddenSecretKeepsIt() {
        AlertRule withSecret = rule(1, 1, List.of(new AlertAction.Webhook(URI.create("http://127.0.0.1:9/h"), "k")));
        JsonNode shown = AlertJson.json(withSecret, false);
        assertThat(shown.at("/actions/0/secret").asText()).isEqualTo("***");
        AlertRule again = AlertJson.rule(shown, withSecret);
        assertThat(((AlertAction.Webhook) again.actions().get(0)).secret()).isEqualTo("k");
        assertThat(withSecret.actions().get(0).toString()).doesNotContain("k]").contains("***");
    }
}
