package io.capstan.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;
import io.capstan.monitoring.alert.AlertJson;
import io.capstan.monitoring.alert.AlertService;
import io.capstan.monitoring.alert.RetrainRequest;
import java.util.List;
import java.util.Map;

/**
 * Alert rules, their events and retrain requests over REST, under {@code /api/capstan}
 * (docs/monitoring.md). Webhook secrets are write-only. Errors are {@code {"error_code","message"}}.
 */
public final class AlertRoutes {
    static final String ALERTS = "/api/capstan/alerts";
    static final String RETRAIN = "/api/capstan/retrain-requests";

    private final AlertService alerts;

    public AlertRoutes(AlertService alerts) {
        this.alerts = java.util.Objects.requireNonNull(alerts, "alerts is null");
    }

    public void register(Router router) {
        router.add("POST", ALERTS, ex -> {
            var node = ex.input().node();
            String name = node != null && node.path("name").isTextual() ? node.get("name").textValue() : null;
            ex.json(wrap(alerts.put(AlertJson.rule(node, name == null ? null : alerts.existing(name).orElse(null)))));
        });
        router.add("GET", ALERTS, ex -> {
            ObjectNode body = Exchange.object();
            ArrayNode list = body.putArray("alerts");
            alerts.list().forEach(v -> list.add(AlertJson.json(v.stored(), v.state())));
            ex.json(body);
        });
        router.add("GET", ALERTS + "/{name}", ex -> ex.json(wrap(alerts.get(ex.pathParam("name")))));
        router.add("DELETE", ALERTS + "/{name}", ex -> {
            alerts.delete(ex.pathParam("name"));
            ex.empty();
        });
        router.add("GET", ALERTS + "/{name}/events", ex -> {
            ObjectNode body = Exchange.object();
            ArrayNode list = body.putArray("events");
            alerts.events(ex.pathParam("name"), maxResults(ex.query())).forEach(e -> list.add(AlertJson.json(e)));
            ex.json(body);
        });
        router.add("POST", ALERTS + "/{name}/events/{event}/redeliver", ex -> {
            ObjectNode body = Exchange.object();
            body.put("redelivered", alerts.redeliver(ex.pathParam("name"), ex.pathParam("event")));
            ex.json(body);
        });
        router.add("GET", RETRAIN, ex -> {
            Map<String, List<String>> query = ex.query();
            String status = first(query, "status");
            ObjectNode body = Exchange.object();
            ArrayNode list = body.putArray("retrain_requests");
            String monitor = first(query, "monitor");
            alerts.retrainRequests(status == null || status.isEmpty() ? null : RetrainRequest.Status.fromId(status),
                    monitor == null || monitor.isEmpty() ? null : monitor, maxResults(query)).forEach(r -> list.add(AlertJson.json(r)));
            ex.json(body);
        });
        router.add("GET", RETRAIN + "/{id}", ex -> ex.json(retrain(alerts.retrainRequest(ex.pathParam("id")))));
        router.add("POST", RETRAIN + "/{id}/claim", ex ->
                ex.json(retrain(alerts.claim(ex.pathParam("id"), AlertJson.worker(ex.input().node())))));
        router.add("POST", RETRAIN + "/{id}/complete", ex -> {
            AlertJson.Completion completion = AlertJson.completion(ex.input().node());
            ex.json(retrain(alerts.complete(ex.pathParam("id"), completion.status(), completion.result())));
        });
    }

    private static int maxResults(Map<String, List<String>> query) {
        String text = first(query, "max_results");
        if (text == null) {
            return 100;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw CapstanException.invalid("'max_results' must be a whole number, got '%s'", text);
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static ObjectNode wrap(AlertService.RuleView view) {
        ObjectNode body = Exchange.object();
        body.set("alert", AlertJson.json(view.stored(), view.state()));
        return body;
    }

    private static ObjectNode retrain(RetrainRequest r) {
        ObjectNode body = Exchange.object();
        body.set("retrain_request", AlertJson.json(r));
        return body;
    }
}
