package io.capstan.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.serving.deploy.DeploymentJson;
import io.capstan.serving.deploy.DeploymentManager;
import io.capstan.serving.deploy.DeploymentStatus;

/**
 * Deployments over REST, under {@code /api/capstan/deployments}: {@code POST} creates or replaces
 * one (body: {@link DeploymentJson}'s spec), {@code GET} lists them, {@code GET /<name>} shows one
 * with its weights in force, recent windows (requests, errors, p99, shadow disagreement) and
 * events, {@code DELETE /<name>} removes it. Errors are {@code {"error_code","message"}}.
 */
public final class DeploymentRoutes {
    static final String BASE = "/api/capstan/deployments";

    private final DeploymentManager deployments;

    public DeploymentRoutes(DeploymentManager deployments) {
        this.deployments = java.util.Objects.requireNonNull(deployments, "deployments is null");
    }

    public void register(Router router) {
        router.add("POST", BASE, ex -> ex.json(wrap(deployments.apply(DeploymentJson.spec(ex.input().node())))));
        router.add("GET", BASE, ex -> {
            ObjectNode body = Exchange.object();
            ArrayNode list = body.putArray("deployments");
            deployments.list().forEach(status -> list.add(DeploymentJson.json(status)));
            ex.json(body);
        });
        router.add("GET", BASE + "/{name}", ex -> ex.json(wrap(deployments.status(ex.pathParam("name")))));
        router.add("DELETE", BASE + "/{name}", ex -> {
            deployments.delete(ex.pathParam("name"));
            ex.empty();
        });
    }

    private static ObjectNode wrap(DeploymentStatus status) {
        ObjectNode body = Exchange.object();
        body.set("deployment", DeploymentJson.json(status));
        return body;
    }
}
