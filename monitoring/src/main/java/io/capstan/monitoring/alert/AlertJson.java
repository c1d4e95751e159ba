package io.capstan.monitoring.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;
import static io.capstan.monitoring.monitor.JsonFields.putNullable;
import static io.capstan.monitoring.monitor.JsonFields.requireObject;
import static io.capstan.monitoring.monitor.JsonFields.text;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON form of alert rules, events and retrain requests (see docs/monitoring.md), for the
 * REST API and the SQL store. A webhook's secret is read, and written only where {@code withSecrets}
 * says so (the store); answers show {@code "***"}. Stateless and thread-safe.
 */
public final class AlertJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** What a webhook's secret is shown as. */
    public static final String HIDDEN = "***";

    private AlertJson() {
    }

    /**
     * Reads a rule.
     *
     * @param previous the stored rule of that name, whose secrets a {@code "***"} secret keeps; or null
     * @throws CapstanException INVALID_PARAMETER_VALUE naming the field that is wrong
     */
    public static AlertRule rule(JsonNode node, AlertRule previous) {
        requireObject(node, "An alert rule");
        String name = text(node, "name", true);
        JsonNode condition = node.get("condition");
        requireObject(condition, "'condition'");
        JsonNode value = condition.get("value");
        if (value == null || value.isBoolean()) {
            value = value == null ? null : NODES.numberNode(value.booleanValue() ? 1 : 0);
        }
        if (value == null || !value.isNumber()) {
            throw CapstanException.invalid("'condition.value' must be a number");
        }
        Condition c = new Condition(AlertMetric.parse(text(condition, "metric", true)),
                Condition.Op.fromSymbol(text(condition, "op", true)), value.doubleValue());
        List<AlertAction> actions = new ArrayList<>();
        JsonNode list = node.get("actions");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw CapstanException.invalid("'actions' must be a list");
            }
            for (int i = 0; i < list.size(); i++) {
                actions.add(action(list.get(i), previous, i));
            }
        }
        return new AlertRule(name, text(node, "monitor", true), c, count(node, "for_windows"),
                count(node, "resolve_windows"), actions);
    }

    private static AlertAction action(JsonNode node, AlertRule previous, int index) {
        requireObject(node, "Each action");
        String type = text(node, "type", true);
        return switch (type) {
            case "webhook" -> {
                String secret = text(node, "secret", false);
                if (HIDDEN.equals(secret)) {
                    // a rule read back and posted again keeps the secret it had
                    secret = previous != null && index < previous.actions().size()
                            && previous.actions().get(index) instanceof AlertAction.Webhook w ? w.secret() : null;
                }
                yield new AlertAction.Webhook(uri(text(node, "url", true), "url"), secret);
            }
            case "retrain" -> {
                String webhook = text(node, "webhook", false);
                yield new AlertAction.Retrain(text(node, "command", false), webhook == null ? null : uri(webhook, "webhook"));
            }
            default -> throw CapstanException.invalid("Unknown action type '%s': use 'webhook' or 'retrain'", type);
        };
    }

    /** Writes a rule; secrets shown as {@code "***"} unless {@code withSecrets}. */
    public static ObjectNode json(AlertRule rule, boolean withSecrets) {
        ObjectNode node = NODES.objectNode();
        node.put("name", rule.name());
        node.put("monitor", rule.monitor());
        ObjectNode condition = node.putObject("condition");
        condition.put("metric", rule.condition().metric().text());
        condition.put("op", rule.condition().op().symbol());
        condition.put("value", rule.condition().value());
        node.put("for_windows", rule.forWindows());
        node.put("resolve_windows", rule.resolveWindows());
        ArrayNode actions = node.putArray("actions");
        for (AlertAction action : rule.actions()) {
            ObjectNode a = actions.addObject();
            a.put("type", action.type());
            switch (action) {
                case AlertAction.Webhook w -> {
                    a.put("url", w.url().toString());
                    if (w.secret() == null) {
                        a.putNull("secret");
                    } else {
                        a.put("secret", withSecrets ? w.secret() : HIDDEN);
                    }
                }
                case AlertAction.Retrain r -> {
                    putNullable(a, "command", r.command());
                    putNullable(a, "webhook", r.webhook() == null ? null : r.webhook().toString());
                }
            }
        }
        return node;
    }

    /** Writes a stored rule with its state, secrets hidden. */
    public static ObjectNode json(StoredRule stored, AlertState state) {
        ObjectNode node = json(stored.rule(), false);
        node.put("created_at", stored.createdAt().toString());
        node.put("updated_at", stored.updatedAt().toString());
        node.put("state", state.firing() ? "firing" : "ok");
        putNullable(node, "since", state.since() == null ? null : state.since().toString());
        putNullable(node, "last_window_start", state.cursor() == null ? null : state.cursor().toString());
        node.put("consecutive_breaching", state.breaching());
        node.put("consecutive_ok", state.good());
        return node;
    }

    /** Writes an event with its deliveries (bodies left out). */
    public static ObjectNode json(AlertEvent event) {
        ObjectNode node = eventOnly(event);
        ArrayNode deliveries = node.putArray("deliveries");
        for (AlertEvent.Delivery d : event.deliveries()) {
            ObjectNode o = deliveries.addObject();
            o.put("action", d.action());
            o.put("type", d.type());
            o.put("status", d.status().id());
            o.put("attempts", d.attempts());
            putNullable(o, "last_error", d.lastError());
            putNullable(o, "retrain_request_id", d.retrainRequestId());
        }
        return node;
    }

    /** Writes an event without its deliveries, as webhooks receive it. */
    public static ObjectNode eventOnly(AlertEvent event) {
        ObjectNode node = NODES.objectNode();
        node.put("id", event.id());
        node.put("rule", event.rule());
        node.put("monitor", event.monitor());
        node.put("kind", event.kind().id());
        node.put("window_start", event.windowStart().toString());
        if (Double.isFinite(event.value())) {
            node.put("value", event.value());
        } else {
            node.putNull("value");
        }
        node.put("created_at", event.createdAt().toString());
        return node;
    }

    /** Writes a retrain request. */
    public static ObjectNode json(RetrainRequest r) {
        ObjectNode node = NODES.objectNode();
        node.put("id", r.id());
        node.put("rule", r.rule());
        node.put("monitor", r.monitor());
        putNullable(node, "deployment", r.deployment());
        putNullable(node, "model", r.model());
        putNullable(node, "model_version", r.modelVersion());
        node.put("reason", r.reason());
        node.put("window_start", r.windowStart().toString());
        node.put("status", r.status().id());
        node.put("created_at", r.createdAt().toString());
        node.put("updated_at", r.updatedAt().toString());
        putNullable(node, "claimed_by", r.claimedBy());
        putNullable(node, "result", r.result());
        return node;
    }

    /** Reads {@code {"worker": W}} of a claim. */
    public static String worker(JsonNode node) {
        requireObject(node, "A claim");
        String worker = text(node, "worker", true);
        if (worker.isBlank() || worker.length() > 256) {
            throw CapstanException.invalid("'worker' must be 1-256 characters");
        }
        return worker;
    }

    /** A completion: {@code {"status": "succeeded"|"failed", "result": TEXT}}. */
    public record Completion(RetrainRequest.Status status, String result) {
    }

    /** Reads a completion. */
    public static Completion completion(JsonNode node) {
        requireObject(node, "A completion");
        RetrainRequest.Status status = RetrainRequest.Status.fromId(text(node, "status", true));
        if (status != RetrainRequest.Status.SUCCEEDED && status != RetrainRequest.Status.FAILED) {
            throw CapstanException.invalid("'status' of a completion must be 'succeeded' or 'failed'");
        }
        return new Completion(status, text(node, "result", false));
    }

    private static int count(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return 1;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw CapstanException.invalid("'%s' must be a whole number", field);
        }
        return v.intValue();
    }

    private static URI uri(String text, String field) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw CapstanException.invalid("'%s' is not a URL: %s", field, e.getReason());
        }
    }

}
