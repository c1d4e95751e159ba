package io.capstan.serving.deploy;

import io.capstan.serving.deploy.DeploymentSpec.TrafficSplit;
import java.util.List;

/**
 * A deployment as it runs: the spec it was given, the weights in force (an alias's version, or
 * the spec's weights after any rollback), recent windows and events, oldest first.
 */
public record DeploymentStatus(DeploymentSpec spec, List<TrafficSplit> weights, String shadowVersion,
        List<WindowStats> windows, List<DeploymentEvent> events) {
}
