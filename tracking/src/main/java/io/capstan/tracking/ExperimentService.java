package io.capstan.tracking;

import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.core.PageToken;
import io.capstan.tracking.search.SearchGrammar;
import io.capstan.tracking.search.SearchSchema;
import io.capstan.tracking.spi.ExperimentStore;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Experiment use cases with MLflow's validation and semantics. Thread-safe.
 */
public final class ExperimentService {
    private final ExperimentStore store;
    private final Clock clock;
    private final String defaultArtifactRoot;

    /**
     * @param defaultArtifactRoot the root new experiments get their location under, e.g.
     *                            {@code mlflow-artifacts:/}
     */
    public ExperimentService(ExperimentStore store, Clock clock, String defaultArtifactRoot) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.defaultArtifactRoot = Objects.requireNonNull(defaultArtifactRoot, "defaultArtifactRoot is null");
    }

    /** The location of an experiment's artifacts under the default root. */
    public String defaultLocation(String experimentId) {
        return defaultArtifactRoot.endsWith("/")
                ? defaultArtifactRoot + experimentId
                : defaultArtifactRoot + "/" + experimentId;
    }

    /** @return the new experiment's id */
    public String create(String name, String artifactLocation, List<Tag> tags) {
        validateName(name);
        if (artifactLocation != null && !artifactLocation.isEmpty()) {
            validateArtifactLocation(artifactLocation);
        }
        for (Tag tag : tags) {
            validateTag(tag);
        }
        String explicit = artifactLocation == null || artifactLocation.isEmpty() ? null : artifactLocation;
        return store.create(name, id -> explicit != null ? explicit : defaultLocation(id), tags, clock.millis());
    }

    public Experiment get(String experimentId) {
        Limits.validateExperimentId(experimentId);
        return store.get(experimentId).orElseThrow(
                () -> CapstanException.notFound("No Experiment with id=%s exists", experimentId));
    }

    public Experiment getByName(String name) {
        return store.getByName(name).orElseThrow(
                () -> CapstanException.notFound("Could not find experiment with name '%s'", name));
    }

    public Page<Experiment> search(ViewType viewType, String filter, List<String> orderBy, long maxResults,
                                   String pageToken) {
        Limits.checkMaxResults(maxResults, Limits.MAX_RESULTS_EXPERIMENTS);
        return store.search(viewType, SearchGrammar.parseFilter(SearchSchema.EXPERIMENTS, filter),
                SearchGrammar.parseOrderBy(SearchSchema.EXPERIMENTS, orderBy), (int) maxResults,
                PageToken.offset(pageToken));
    }

    public void rename(String experimentId, String newName) {
        validateName(newName);
        Experiment experiment = get(experimentId);
        if (experiment.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw new CapstanException(io.capstan.core.ErrorCode.INVALID_STATE,
                    "Cannot rename a non-active experiment.");
        }
        store.rename(experimentId, newName, clock.millis());
    }

    public void delete(String experimentId) {
        Limits.validateExperimentId(experimentId);
        store.delete(experimentId, clock.millis());
    }

    public void restore(String experimentId) {
        Limits.validateExperimentId(experimentId);
        store.restore(experimentId, clock.millis());
    }

    public void setTag(String experimentId, Tag tag) {
        Limits.validateExperimentId(experimentId);
        validateTag(tag);
        Experiment experiment = get(experimentId);
        requireActive(experiment);
        store.setTag(experimentId, tag, clock.millis());
    }

    public void deleteTag(String experimentId, String key) {
        Limits.validateExperimentId(experimentId);
        Experiment experiment = get(experimentId);
        requireActive(experiment);
        store.deleteTag(experimentId, key, clock.millis());
    }

    /** Fails unless the experiment is active; runs may only be created in active experiments. */
    static void requireActive(Experiment experiment) {
        if (experiment.lifecycleStage() != LifecycleStage.ACTIVE) {
            throw CapstanException.invalid("The experiment %s must be in the 'active' state. Current state is %s.",
                    experiment.experimentId(), experiment.lifecycleStage().wire());
        }
    }

    private static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw CapstanException.invalid("Invalid experiment name: '%s'", name == null ? "" : name);
        }
        if (name.length() > Limits.MAX_EXPERIMENT_NAME_LENGTH) {
            throw CapstanException.invalid("Experiment name exceeds the maximum length of %d characters",
                    Limits.MAX_EXPERIMENT_NAME_LENGTH);
        }
    }

    private static void validateTag(Tag tag) {
        Limits.validateKey(tag.key(), "tag");
        Limits.checkLength(tag.value(), Limits.MAX_EXPERIMENT_TAG_VALUE_LENGTH, "value");
    }

    private static void validateArtifactLocation(String location) {
        if (location.startsWith("runs:")) {
            throw CapstanException.invalid("Artifact location cannot be a runs:/ URI. Given: '%s'", location);
        }
        boolean local = !location.contains(":/") || location.startsWith("file:");
        if (local && (location.contains("?") || location.contains("#"))) {
            throw CapstanException.invalid("'artifact_location' URL can't include a query string or a fragment: '%s'",
                    location);
        }
    }
}
