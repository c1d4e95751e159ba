package io.capstan.serving.deploy;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a deployment should serve.
 *
 * <p>Either {@code alias} is set (all traffic goes to the version the alias points at, following it
 * when it moves) or {@code traffic} lists versions with weights summing to 100; the first entry is
 * the baseline, the others are canaries. Names follow the registry: a registered model's name and
 * its version numbers.
 *
 * @param name the name clients use ({@code /v2/models/<name>}); not blank
 * @param model the registered model; not blank
 * @param traffic versions and weights; empty when following an alias
 * @param alias the alias to follow, or null
 * @param shadowVersion a version that gets a copy of every request, or null
 * @param stickyHeader a request header whose value keeps a caller on one version, or null
 * @param rollback when to drop a canary to 0%, or null for never
 * @throws CapstanException INVALID_PARAMETER_VALUE when the parts do not fit together
 */
public record DeploymentSpec(String name, String model, List<TrafficSplit> traffic, String alias,
        String shadowVersion, String stickyHeader, RollbackPolicy rollback) {

    public DeploymentSpec {
        requireNonNull(name, "name is null");
        requireNonNull(model, "model is null");
        traffic = List.copyOf(requireNonNull(traffic, "traffic is null"));
        if (name.isBlank() || !name.matches("[A-Za-z0-9._-]{1,128}")) {
            throw CapstanException.invalid("Deployment name '%s' must be 1-128 letters, digits, '.', '_' or '-'", name);
        }
        if (model.isBlank()) {
            throw CapstanException.invalid("Deployment '%s' needs a registered model", name);
        }
        if ((alias == null) == traffic.isEmpty()) {
            throw CapstanException.invalid("Deployment '%s' needs either an alias to follow or traffic weights, "
                    + "not both", name);
        }
        if (!traffic.isEmpty()) {
            int sum = 0;
            Set<String> seen = new HashSet<>();
            for (TrafficSplit split : traffic) {
                sum += split.weight();
                if (!seen.add(split.version())) {
                    throw CapstanException.invalid("Version %s appears twice in deployment '%s'", split.version(), name);
                }
            }
            if (sum != 100) {
                throw CapstanException.invalid("Traffic weights of deployment '%s' sum to %d, not 100", name, sum);
            }
        }
        if (alias != null && alias.isBlank()) {
            throw CapstanException.invalid("Deployment '%s' has a blank alias", name);
        }
        if (stickyHeader != null && stickyHeader.isBlank()) {
            stickyHeader = null;
        }
    }

    /**
     * One version's share of the traffic.
     *
     * @param version a registry version number; not blank
     * @param weight percent of the requests, 0..100
     */
    public record TrafficSplit(String version, int weight) {
        public TrafficSplit {
            requireNonNull(version, "version is null");
            if (version.isBlank()) {
                throw CapstanException.invalid("A traffic split needs a version");
            }
            if (weight < 0 || weight > 100) {
                throw CapstanException.invalid("Weight of version %s must be 0..100, got %d", version, weight);
            }
        }
    }

    /**
     * When a canary is rolled back: its error rate (server errors / requests) above
     * {@code maxErrorRate} or its p99 above {@code maxP99}, in {@code consecutiveWindows} windows
     * in a row that each saw at least {@code minRequests} of its requests.
     */
    public record RollbackPolicy(double maxErrorRate, Duration maxP99, Duration window, int consecutiveWindows,
            int minRequests) {
        public RollbackPolicy {
            requireNonNull(maxP99, "maxP99 is null");
            requireNonNull(window, "window is null");
            if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
                throw CapstanException.invalid("max_error_rate must be 0..1, got %s", maxErrorRate);
            }
            if (maxP99.isNegative() || maxP99.isZero()) {
                throw CapstanException.invalid("max_p99_ms must be positive");
            }
            if (window.compareTo(Duration.ofMillis(100)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
                throw CapstanException.invalid("window_seconds must be between 0.1 and 3600");
            }
            if (consecutiveWindows < 1 || minRequests < 1) {
                throw CapstanException.invalid("consecutive_windows and min_requests must be at least 1");
            }
        }
    }
}
