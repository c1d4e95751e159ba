package io.capstan.monitoring.spi;

import java.util.Optional;

/** Tells which registered model version a deployment serves, for retrain requests. Thread-safe. */
public interface DeployedModels {
    /**
     * A model version.
     *
     * @param model the registered model's name
     * @param version the version serving most of the deployment's traffic
     */
    record DeployedModel(String model, String version) {
    }

    /** Returns what the deployment serves, or empty when there is no such deployment. */
    Optional<DeployedModel> of(String deployment);

    /** Knows no deployment. */
    DeployedModels NONE = deployment -> Optional.empty();
}
