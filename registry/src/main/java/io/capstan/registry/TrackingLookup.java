package io.capstan.registry;

import java.util.Optional;

/**
 * What registering a model version needs from tracking: where a run's or a logged model's
 * artifacts are, and a note on the logged model that it was registered. The production
 * implementation goes through tracking's public services; tests pass a map. Thread-safe.
 */
interface TrackingLookup {

    /** A logged model's artifact location and the run that made it ({@code sourceRunId} may be null). */
    record LoggedModelRef(String artifactUri, String sourceRunId) {
    }

    /** The run's artifact URI; empty when there is no such run. */
    Optional<String> runArtifactUri(String runId);

    /** The (non-deleted) logged model; empty when there is none. */
    Optional<LoggedModelRef> loggedModel(String modelId);

    /**
     * Adds {@code {"name": name, "version": version}} to the logged model's
     * {@code mlflow.modelVersions} tag, as MLflow's server does after registering it.
     */
    void recordRegistration(String modelId, String name, long version);
}
