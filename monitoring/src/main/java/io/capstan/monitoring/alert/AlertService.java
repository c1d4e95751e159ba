package io.capstan.monitoring.alert;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.core.IdGenerator;
import io.capstan.monitoring.monitor.MonitorJson;
import io.capstan.monitoring.monitor.StoredMonitor;
import io.capstan.monitoring.monitor.WindowResult;
import io.capstan.monitoring.spi.AlertStore;
import io.capstan.monitoring.spi.DeployedModels;
import io.capstan.monitoring.spi.MonitorMetrics;
import io.capstan.monitoring.spi.MonitorStore;
import io.capstan.monitoring.spi.RetrainCommands;
import io.capstan.monitoring.spi.WebhookSender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert rules over monitors' windows: steps each rule through new windows in order ({@link #tick}),
 * raising an event when it starts or stops firing, and delivers each event to the rule's actions
 * ({@link #deliver}) — webhooks retried with back-off, retrain requests recorded for pipelines and
 * optionally handed to a configured command or webhook.
 *
 * <p>A new rule starts with the windows from {@code for_windows} windows before its creation on. A
 * rule on a quality metric waits for labels: it steps only up to the newest window that has the
 * metric, so windows whose labels have not arrived yet are not passed over. Several servers sharing
 * one store may tick: states move by compare-and-set and deliveries are claimed. Thread-safe.
 */
public final class AlertService {
    /** Tries of a delivery before it is marked failed. */
    public static final int MAX_ATTEMPTS = 8;
    /** How long a delivery's claim lasts. */
    static final Duration DELIVERY_LEASE = Duration.ofMinutes(2);
    /** Windows one rule steps over per tick. */
    static final int WINDOWS_PER_TICK = 500;
    /** The longest wait between tries. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

    private final AlertStore store;
    private final MonitorStore monitors;
    private final DeployedModels models;
    private final WebhookSender webhooks;
    private final RetrainCommands commands;
    private final Executor commandRunner;
    private final MonitorMetrics metrics;
    private final Clock clock;
    private final IdGenerator ids;
    private final String owner;

    /**
     * @param store rules, states, events, retrain requests
     * @param monitors the monitors' windows
     * @param models what deployments serve, for retrain requests
     * @param webhooks sends webhook calls
     * @param commands the configured retrain commands
     * @param commandRunner runs retrain commands (they may take hours); a rejected run is retried later
     * @param metrics where rule states are published
     * @param clock the time
     * @param ids event and retrain request ids
     * @param owner this server's name, for claims
     */
    public AlertService(AlertStore store, MonitorStore monitors, DeployedModels models, WebhookSender webhooks,
            RetrainCommands commands, Executor commandRunner, MonitorMetrics metrics, Clock clock, IdGenerator ids,
            String owner) {
        this.store = requireNonNull(store, "store is null");
        this.monitors = requireNonNull(monitors, "monitors is null");
        this.models = requireNonNull(models, "models is null");
        this.webhooks = requireNonNull(webhooks, "webhooks is null");
        this.commands = requireNonNull(commands, "commands is null");
        this.commandRunner = requireNonNull(commandRunner, "commandRunner is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.owner = requireNonNull(owner, "owner is null");
    }

    /** A rule with its state. */
    public record RuleView(StoredRule stored, AlertState state) {
    }

    /**
     * Creates or replaces a rule. Replacing keeps its state when only the actions changed, else the
     * rule starts afresh.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST for an unknown monitor; INVALID_PARAMETER_VALUE for
     *     a retrain command the server does not have
     */
    public RuleView put(AlertRule rule) {
        requireNonNull(rule, "rule is null");
        if (monitors.get(rule.monitor()).isEmpty()) {
            throw CapstanException.notFound("Monitor '%s' does not exist", rule.monitor());
        }
        for (AlertAction action : rule.actions()) {
            if (action instanceof AlertAction.Retrain r && r.command() != null && !commands.names().contains(r.command())) {
                throw CapstanException.invalid("No retrain command '%s' is configured on this server (%s); start it "
                        + "with --retrain-command %s=PATH", r.command(), commands.names().isEmpty() ? "it has none"
                                : "it has " + String.join(", ", new java.util.TreeSet<>(commands.names())),
                        r.command());
            }
        }
        Optional<StoredRule> previous = store.rule(rule.name());
        boolean reset = previous.isEmpty() || !previous.get().rule().sameTrigger(rule);
        if (reset && previous.isPresent()) {
            metrics.forgetAlert(previous.get().rule().name(), previous.get().rule().monitor());
        }
        StoredRule stored = store.putRule(rule, reset, clock.instant());
        AlertState state = store.state(rule.name());
        metrics.showAlert(rule.name(), rule.monitor(), state.firing());
        return new RuleView(stored, state);
    }

    /** Returns a rule. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    public RuleView get(String name) {
        StoredRule stored = store.rule(name)
                .orElseThrow(() -> CapstanException.notFound("Alert rule '%s' does not exist", name));
        return new RuleView(stored, store.state(name));
    }

    /** Returns the stored rule, if any (for reading a rule posted again with hidden secrets). */
    public Optional<AlertRule> existing(String name) {
        return store.rule(name).map(StoredRule::rule);
    }

    /** Returns every rule with its state, in name order. */
    public List<RuleView> list() {
        List<RuleView> out = new ArrayList<>();
        for (StoredRule r : store.rules()) {
            out.add(new RuleView(r, store.state(r.rule().name())));
        }
        return out;
    }

    /** Deletes a rule with its state and events. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    public void delete(String name) {
        RuleView view = get(name);
        store.deleteRule(name);
        metrics.forgetAlert(name, view.stored().rule().monitor());
    }

    /** Returns a rule's events, newest first. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    public List<AlertEvent> events(String name, int maxResults) {
        get(name);
        if (maxResults < 1 || maxResults > 1000) {
            throw CapstanException.invalid("'max_results' must be 1 to 1000, got %d", maxResults);
        }
        return store.events(name, maxResults);
    }

    /**
     * Sends an event's failed deliveries again (dead-letter replay): they become pending with a fresh
     * count of attempts.
     *
     * @return how many deliveries were failed and are pending again
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST for an unknown rule or an event not of this rule
     */
    public int redeliver(String rule, String eventId) {
        get(rule);
        boolean ours = store.events(rule, 1000).stream().anyMatch(e -> e.id().equals(eventId));
        if (!ours) {
            throw CapstanException.notFound("Alert rule '%s' has no event '%s'", rule, eventId);
        }
        return store.redeliver(eventId, clock.instant());
    }

    /** Returns retrain requests, newest first; {@code status} and {@code monitor} null for all. */
    public List<RetrainRequest> retrainRequests(RetrainRequest.Status status, String monitor, int maxResults) {
        if (maxResults < 1 || maxResults > 1000) {
            throw CapstanException.invalid("'max_results' must be 1 to 1000, got %d", maxResults);
        }
        return store.retrainRequests(status, monitor, maxResults);
    }

    /** Returns one retrain request. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    public RetrainRequest retrainRequest(String id) {
        return store.retrainRequest(id)
                .orElseThrow(() -> CapstanException.notFound("Retrain request '%s' does not exist", id));
    }

    /**
     * Claims a pending retrain request.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST; RESOURCE_CONFLICT when it is not pending
     */
    public RetrainRequest claim(String id, String worker) {
        RetrainRequest current = retrainRequest(id);
        return store.claimRetrain(id, worker, clock.instant()).orElseThrow(() -> new CapstanException(
                ErrorCode.RESOURCE_CONFLICT, "Retrain request '%s' is %s, not pending%s", id, current.status().id(),
                current.claimedBy() == null ? "" : " (claimed by " + current.claimedBy() + ")"));
    }

    /**
     * Completes a claimed retrain request.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST; RESOURCE_CONFLICT when it is not claimed
     */
    public RetrainRequest complete(String id, RetrainRequest.Status status, String result) {
        RetrainRequest current = retrainRequest(id);
        return store.completeRetrain(id, status, result, clock.instant()).orElseThrow(() -> new CapstanException(
                ErrorCode.RESOURCE_CONFLICT, "Retrain request '%s' is %s; only a claimed request can be completed", id,
                current.status().id()));
    }

    /**
     * Fails the retrain requests whose command a server claimed and that server is gone ({@code gone} tells
     * from the claiming server's name): a server that stops while a command runs, or before a queued one
     * starts, would otherwise leave its requests claimed for ever, looking as if they were still running.
     * Requests claimed by pipelines (not {@code command:…}) and by this server are left alone. Never throws.
     *
     * @return how many requests were failed
     */
    public int failAbandonedCommands(Predicate<String> gone) {
        requireNonNull(gone, "gone is null");
        int failed = 0;
        try {
            for (RetrainRequest r : store.retrainRequests(RetrainRequest.Status.CLAIMED, null, 1000)) {
                String server = commandServer(r.claimedBy());
                if (server == null || server.equals(owner) || !gone.test(server)) {
                    continue;
                }
                Optional<RetrainRequest> done = store.completeRetrain(r.id(), RetrainRequest.Status.FAILED,
                        "abandoned: server " + server + " stopped before its retrain command finished; nothing ran "
                                + "to completion (claim the request again or wait for the next alert)",
                        clock.instant());
                if (done.isPresent()) {
                    failed++;
                    LOG.warn("retrain request {}: failed, its command's server {} is gone", r.id(), server);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("abandoned retrain commands: {}", e.toString());
        }
        return failed;
    }

    /** The server in a command's claim ({@code command:NAME@SERVER}), or null for a pipeline's claim. */
    static String commandServer(String claimedBy) {
        if (claimedBy == null || !claimedBy.startsWith("command:")) {
            return null;
        }
        int at = claimedBy.indexOf('@');
        return at < 0 || at == claimedBy.length() - 1 ? null : claimedBy.substring(at + 1);
    }

    /** Steps every rule over its monitor's new windows. Never throws. */
    public void tick() {
        for (StoredRule stored : store.rules()) {
            try {
                step(stored);
            } catch (RuntimeException e) {
                LOG.warn("alert rule {}: {}", stored.rule().name(), e.toString());
            }
        }
    }

    private void step(StoredRule stored) {
        AlertRule rule = stored.rule();
        Optional<StoredMonitor> monitor = monitors.get(rule.monitor());
        if (monitor.isEmpty()) {
            return;
        }
        int minRows = monitor.get().spec().minRows();
        AlertState state = store.state(rule.name());
        Instant after = state.cursor();
        if (after == null) {
            // a new rule looks back only as far as could fire it, not over the monitor's whole history
            Duration window = monitor.get().spec().window();
            after = monitor.get().spec().windowStartOf(stored.updatedAt()).minus(window.multipliedBy(rule.forWindows()))
                    .minusMillis(1);
        }
        List<WindowResult> windows = monitors.windowsAfter(rule.monitor(), after, WINDOWS_PER_TICK);
        List<OptionalDouble> values = new ArrayList<>(windows.size());
        int limit = 0;
        for (int i = 0; i < windows.size(); i++) {
            OptionalDouble v = rule.condition().metric().valueOf(windows.get(i), minRows);
            values.add(v);
            if (v.isPresent() || !rule.condition().metric().fromLabels()) {
                limit = i + 1;
            }
        }
        AlertState next = state;
        for (int i = 0; i < limit; i++) {
            WindowResult window = windows.get(i);
            OptionalDouble v = values.get(i);
            if (v.isEmpty()) {
                next = next.skip(window.start());
                continue;
            }
            AlertState.Step step = next.step(rule, window.start(), rule.condition().breachedBy(v.getAsDouble()),
                    clock.instant());
            if (step.transition() == AlertState.Transition.NONE) {
                next = step.state();
                continue;
            }
            AlertEvent.Kind kind = step.transition() == AlertState.Transition.FIRED ? AlertEvent.Kind.FIRING
                    : AlertEvent.Kind.RESOLVED;
            AlertStore.NewEvent event = event(rule, monitor.get(), window, v.getAsDouble(), kind);
            if (!store.advance(state, step.state(), event)) {
                return;
            }
            metrics.countEvent(rule.name(), kind.id());
            state = bumped(step.state());
            next = state;
        }
        if (next != state && !store.advance(state, next, null)) {
            return;
        }
        metrics.showAlert(rule.name(), rule.monitor(), next.firing());
    }

    private static AlertState bumped(AlertState s) {
        return new AlertState(s.rule(), s.firing(), s.since(), s.cursor(), s.breaching(), s.good(), s.version() + 1);
    }

    private AlertStore.NewEvent event(AlertRule rule, StoredMonitor monitor, WindowResult window, double value,
            AlertEvent.Kind kind) {
        Instant now = clock.instant();
        String eventId = ids.hex32();
        AlertEvent bare = new AlertEvent(eventId, rule.name(), rule.monitor(), kind, window.start(), value, now,
                List.of());
        List<AlertEvent.Delivery> deliveries = new ArrayList<>();
        List<RetrainRequest> retrains = new ArrayList<>();
        for (int i = 0; i < rule.actions().size(); i++) {
            switch (rule.actions().get(i)) {
                case AlertAction.Webhook w -> deliveries.add(new AlertEvent.Delivery(eventId, rule.name(), i, "webhook",
                        AlertEvent.Delivery.Status.PENDING, 0, null, now, webhookBody(bare, rule, window), null));
                case AlertAction.Retrain r -> {
                    if (kind != AlertEvent.Kind.FIRING) {
                        continue;
                    }
                    String deployment = monitor.spec().deployment();
                    Optional<DeployedModels.DeployedModel> model = deployment == null ? Optional.empty()
                            : models.of(deployment);
                    RetrainRequest request = new RetrainRequest(ids.hex32(), rule.name(), rule.monitor(), deployment,
                            model.map(DeployedModels.DeployedModel::model).orElse(null),
                            model.map(DeployedModels.DeployedModel::version).orElse(null),
                            rule.condition() + " for " + rule.forWindows() + " window(s)", window.start(),
                            RetrainRequest.Status.PENDING, now, now, null, null);
                    retrains.add(request);
                    String body = MonitorJson.text(AlertJson.json(request));
                    if (r.command() != null) {
                        deliveries.add(new AlertEvent.Delivery(eventId, rule.name(), i, "retrain_command",
                                AlertEvent.Delivery.Status.PENDING, 0, null, now, body, request.id()));
                    }
                    if (r.webhook() != null) {
                        deliveries.add(new AlertEvent.Delivery(eventId, rule.name(), i, "retrain_webhook",
                                AlertEvent.Delivery.Status.PENDING, 0, null, now, body, request.id()));
                    }
                }
            }
        }
        AlertEvent event = new AlertEvent(eventId, rule.name(), rule.monitor(), kind, window.start(), value, now,
                deliveries);
        return new AlertStore.NewEvent(event, retrains);
    }

    private static String webhookBody(AlertEvent event, AlertRule rule, WindowResult window) {
        ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        body.set("event", AlertJson.eventOnly(event));
        ObjectNode shown = AlertJson.json(rule, false);
        shown.withArray("actions").forEach(a -> ((ObjectNode) a).remove("secret"));
        body.set("rule", shown);
        body.put("monitor", rule.monitor());
        body.set("window", MonitorJson.summary(window));
        return MonitorJson.text(body);
    }

    /** Sends due deliveries (claimed first, so servers sharing a store never send one twice). Never throws. */
    public void deliver() {
        List<AlertEvent.Delivery> due;
        try {
            due = store.claimDeliveries(clock.instant(), DELIVERY_LEASE, 16);
        } catch (RuntimeException e) {
            LOG.warn("alert deliveries: {}", e.toString());
            return;
        }
        for (AlertEvent.Delivery d : due) {
            try {
                deliverOne(d);
            } catch (RuntimeException e) {
                LOG.warn("alert delivery {}#{}: {}", d.eventId(), d.action(), e.toString());
            }
        }
    }

    private void deliverOne(AlertEvent.Delivery d) {
        Optional<AlertAction> action = store.rule(d.rule()).map(StoredRule::rule)
                .filter(r -> d.action() < r.actions().size()).map(r -> r.actions().get(d.action()));
        switch (d.type()) {
            case "webhook" -> {
                if (!(action.orElse(null) instanceof AlertAction.Webhook w)) {
                    gone(d);
                    return;
                }
                post(d, w.url().toString(), w.secret());
            }
            case "retrain_webhook" -> {
                if (!(action.orElse(null) instanceof AlertAction.Retrain r) || r.webhook() == null) {
                    gone(d);
                    return;
                }
                post(d, r.webhook().toString(), null);
            }
            case "retrain_command" -> {
                if (!(action.orElse(null) instanceof AlertAction.Retrain r) || r.command() == null) {
                    gone(d);
                    return;
                }
                runCommand(d, r.command());
            }
            default -> store.recordDelivery(d.eventId(), d.action(), AlertEvent.Delivery.Status.FAILED, d.attempts(),
                    "unknown delivery type " + d.type(), clock.instant());
        }
    }

    private void gone(AlertEvent.Delivery d) {
        store.recordDelivery(d.eventId(), d.action(), AlertEvent.Delivery.Status.FAILED, d.attempts(),
                "the rule's action was removed or changed before delivery", clock.instant());
    }

    private void post(AlertEvent.Delivery d, String url, String secret) {
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Capstan-Delivery", d.eventId() + "-" + d.action());
        headers.put("X-Capstan-Event", d.type());
        if (secret != null) {
            headers.put("X-Capstan-Signature", "sha256=" + hmac(secret, body));
        }
        int attempts = d.attempts() + 1;
        String error;
        try {
            int status = webhooks.post(java.net.URI.create(url), body, headers);
            if (status >= 200 && status < 300) {
                store.recordDelivery(d.eventId(), d.action(), AlertEvent.Delivery.Status.DELIVERED, attempts, null,
                        clock.instant());
                return;
            }
            error = "HTTP " + status;
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        retryLater(d, attempts, error);
    }

    private void retryLater(AlertEvent.Delivery d, int attempts, String error) {
        if (attempts >= MAX_ATTEMPTS) {
            store.recordDelivery(d.eventId(), d.action(), AlertEvent.Delivery.Status.FAILED, attempts, error,
                    clock.instant());
            return;
        }
        Duration backoff = Duration.ofSeconds(1L << Math.min(attempts, 20));
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        store.recordDelivery(d.eventId(), d.action(), AlertEvent.Delivery.Status.PENDING, attempts, error,
                clock.instant().plus(backoff));
    }

    private void runCommand(AlertEvent.Delivery d, String command) {
        String requestId = d.retrainRequestId();
        Optional<RetrainRequest> claimed = store.claimRetrain(requestId, "command:" + command + "@" + owner,
                clock.instant());
        if (claimed.isEmpty()) {
            store.recordDelivery(d.eventId(), d.action(), AlertEvent.Delivery.Status.FAILED, d.attempts() + 1,
                    "the retrain request was no longer pending", clock.instant());
            return;
        }
        RetrainRequest request = claimed.get();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CAPSTAN_RETRAIN_ID", request.id());
        env.put("CAPSTAN_RETRAIN_REQUEST", d.body());
        env.put("CAPSTAN_MONITOR", request.monitor());
        env.put("CAPSTAN_RULE", request.rule());
        if (request.deployment() != null) {
            env.put("CAPSTAN_DEPLOYMENT", request.deployment());
        }
        if (request.model() != null) {
            env.put("CAPSTAN_MODEL", request.model());
        }
        if (request.modelVersion() != null) {
            env.put("CAPSTAN_MODEL_VERSION", request.modelVersion());
        }
        try {
            commandRunner.execute(() -> {
                RetrainRequest.Status status;
                String output;
                try {
                    RetrainCommands.Outcome outcome = commands.run(command, env);
                    status = outcome.succeeded() ? RetrainRequest.Status.SUCCEEDED : RetrainRequest.Status.FAILED;
                    output = outcome.output();
                } catch (RuntimeException e) {
                    status = RetrainRequest.Status.FAILED;
                    output = e.toString();
                }
                store.completeRetrain(request.id(), status, output, clock.instant());
            });
        } catch (RejectedExecutionException e) {
            store.completeRetrain(request.id(), RetrainRequest.Status.FAILED,
                    "too many retrain commands running at once; not run", clock.instant());
        }
        store.recordDelivery(d.eventId(), d.action(), AlertEvent.Delivery.Status.DELIVERED, d.attempts() + 1, null,
                clock.instant());
    }

    /** The hex HMAC-SHA256 of {@code body} under {@code secret}, as webhook receivers check it. */
    public static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
