package io.capstan.registry;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.tracking.LoggedModel;
import io.capstan.tracking.LoggedModelService;
import io.capstan.tracking.RunService;
import io.capstan.tracking.Tag;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link TrackingLookup} over tracking's public services. */
final class ServiceTrackingLookup implements TrackingLookup {
    static final String MODEL_VERSIONS_TAG = "mlflow.modelVersions";

    private final RunService runs;
    private final LoggedModelService loggedModels;

    ServiceTrackingLookup(RunService runs, LoggedModelService loggedModels) {
        this.runs = Objects.requireNonNull(runs, "runs is null");
        this.loggedModels = Objects.requireNonNull(loggedModels, "loggedModels is null");
    }

    @Override
    public Optional<String> runArtifactUri(String runId) {
        try {
            return Optional.of(runs.get(runId).info().artifactUri());
        } catch (CapstanException e) {
            if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<LoggedModelRef> loggedModel(String modelId) {
        return find(modelId).map(m -> new LoggedModelRef(m.artifactUri(), m.sourceRunId()));
    }

    @Override
    public void recordRegistration(String modelId, String name, long version) {
        Optional<LoggedModel> model = find(modelId);
        if (model.isEmpty()) {
            // deleted meanwhile; MLflow's client skips the note in that case too
            return;
        }
        String existing = model.get().tags().stream().filter(t -> t.key().equals(MODEL_VERSIONS_TAG))
                .map(Tag::value).findFirst().orElse(null);
        String updated = withRegistration(existing, name, version);
        if (!updated.equals(existing)) {
            loggedModels.setTags(modelId, List.of(new Tag(MODEL_VERSIONS_TAG, updated)));
        }
    }

    /**
     * The tag value with the registration appended, in Python's {@code json.dumps} layout;
     * unchanged when already listed. A value that is not a JSON list is replaced.
     */
    static String withRegistration(String existing, String name, long version) {
        String entry = "{\"name\": " + RegistryValidation.jsonString(name) + ", \"version\": " + version + "}";
        String trimmed = existing == null ? "" : existing.strip();
        if (!trimmed.startsWith("[") || !trimmed.endsWith("]")) {
            return "[" + entry + "]";
        }
        if (trimmed.contains(entry)) {
            return existing;
        }
        String inner = trimmed.substring(1, trimmed.length() - 1).strip();
        return inner.isEmpty() ? "[" + entry + "]" : "[" + inner + ", " + entry + "]";
    }

    private Optional<LoggedModel> find(String modelId) {
        try {
            return Optional.of(loggedModels.get(modelId, false));
        } catch (CapstanException e) {
            if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
