package io.capstan.serving.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;
import io.capstan.serving.deploy.DeploymentSpec.RollbackPolicy;
import io.capstan.serving.deploy.DeploymentSpec.TrafficSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON form of deployments, used by the REST API and the file store:
 * <pre>
 * {"name": "iris", "model": "iris",
 *  "traffic": [{"version": "3", "weight": 90}, {"version": "4", "weight": 10}],   // or "alias": "champion"
 *  "shadow_version": "5", "sticky_header": "X-User",
 *  "rollback": {"max_error_rate": 0.05, "max_p99_ms": 50, "window_seconds": 10,
 *               "consecutive_windows": 3, "min_requests": 20}}
 * </pre>
 * Stateless and thread-safe.
 */
public final class DeploymentJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DeploymentJson() {
    }

    /** Reads a spec. @throws CapstanException INVALID_PARAMETER_VALUE naming the field that is wrong */
    public static DeploymentSpec spec(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw CapstanException.invalid("A deployment must be a JSON object");
        }
        String name = text(node, "name", true);
        List<TrafficSplit> traffic = new ArrayList<>();
        JsonNode trafficNode = node.get("traffic");
        if (trafficNode != null && !trafficNode.isNull()) {
            if (!trafficNode.isArray()) {
                throw CapstanException.invalid("'traffic' must be a list of {version, weight}");
            }
            for (JsonNode split : trafficNode) {
                JsonNode weight = split.get("weight");
                if (weight == null || !weight.isIntegralNumber()) {
                    throw CapstanException.invalid("Each traffic entry needs an integer 'weight'");
                }
                traffic.add(new TrafficSplit(version(split.get("version")), weight.intValue()));
            }
        }
        JsonNode shadow = node.get("shadow_version");
        return new DeploymentSpec(name, node.has("model") ? text(node, "model", true) : name, traffic,
                text(node, "alias", false), shadow == null || shadow.isNull() ? null : version(shadow),
                text(node, "sticky_header", false), rollback(node.get("rollback")));
    }

    private static RollbackPolicy rollback(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw CapstanException.invalid("'rollback' must be an object");
        }
        return new RollbackPolicy(number(node, "max_error_rate", 1.0),
                // rounded, not truncated: what json() wrote reads back as the same Duration
                Duration.ofNanos(Math.round(number(node, "max_p99_ms", 1e9) * 1e6)),
                Duration.ofMillis(Math.round(number(node, "window_seconds", 10) * 1000)),
                (int) number(node, "consecutive_windows", 3), (int) number(node, "min_requests", 20));
    }

    /** Writes a spec. */
    public static ObjectNode json(DeploymentSpec spec) {
        ObjectNode node = NODES.objectNode();
        node.put("name", spec.name());
        node.put("model", spec.model());
        if (spec.alias() != null) {
            node.put("alias", spec.alias());
        }
        if (!spec.traffic().isEmpty()) {
            node.set("traffic", traffic(spec.traffic()));
        }
        if (spec.shadowVersion() != null) {
            node.put("shadow_version", spec.shadowVersion());
        }
        if (spec.stickyHeader() != null) {
            node.put("sticky_header", spec.stickyHeader());
        }
        RollbackPolicy r = spec.rollback();
        if (r != null) {
            ObjectNode rollback = node.putObject("rollback");
            rollback.put("max_error_rate", r.maxErrorRate());
            rollback.put("max_p99_ms", r.maxP99().toNanos() / 1e6);
            rollback.put("window_seconds", r.window().toMillis() / 1000.0);
            rollback.put("consecutive_windows", r.consecutiveWindows());
            rollback.put("min_requests", r.minRequests());
        }
        return node;
    }

    /** Writes a running deployment: its spec, the weights in force, windows and events. */
    public static ObjectNode json(DeploymentStatus status) {
        ObjectNode node = NODES.objectNode();
        node.set("spec", json(status.spec()));
        node.set("weights", traffic(status.weights()));
        if (status.shadowVersion() != null) {
            node.put("shadow_version", status.shadowVersion());
        }
        ArrayNode windows = node.putArray("windows");
        for (WindowStats w : status.windows()) {
            ObjectNode window = windows.addObject();
            window.put("end", w.end().toString());
            window.put("version", w.version());
            window.put("weight", w.weight());
            window.put("requests", w.requests());
            window.put("errors", w.errors());
            window.put("error_rate", w.errorRate());
            window.put("p99_ms", w.p99Millis());
            window.put("shadow_requests", w.shadowRequests());
            window.put("shadow_disagreements", w.shadowDisagreements());
            window.put("shadow_errors", w.shadowErrors());
            window.put("shadow_disagreement_rate", w.disagreementRate());
        }
        ArrayNode events = node.putArray("events");
        for (DeploymentEvent e : status.events()) {
            events.addObject().put("time", e.time().toString()).put("type", e.type()).put("message", e.message());
        }
        return node;
    }

    private static ArrayNode traffic(List<TrafficSplit> splits) {
        ArrayNode array = NODES.arrayNode();
        splits.forEach(s -> array.addObject().put("version", s.version()).put("weight", s.weight()));
        return array;
    }

    private static String version(JsonNode node) {
        if (node == null || !(node.isTextual() || node.isIntegralNumber())) {
            throw CapstanException.invalid("A version must be a version number such as \"3\"");
        }
        return node.asText();
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw CapstanException.invalid("A deployment needs '%s'", field);
            }
            return null;
        }
        if (!value.isTextual()) {
            throw CapstanException.invalid("'%s' must be a string", field);
        }
        return value.textValue();
    }

    private static double number(JsonNode node, String field, double fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw CapstanException.invalid("'rollback.%s' must be a number", field);
        }
        return value.doubleValue();
    }
}
