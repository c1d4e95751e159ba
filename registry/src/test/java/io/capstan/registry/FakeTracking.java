package io.capstan.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link TrackingLookup} over maps, recording the registrations it is told about. */
final class FakeTracking implements TrackingLookup {
    final Map<String, String> runs = new HashMap<>();
    final Map<String, LoggedModelRef> models = new HashMap<>();
    final List<String> registrations = new ArrayList<>();

    @Override
    public Optional<String> runArtifactUri(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public Optional<LoggedModelRef> loggedModel(String modelId) {
        return Optional.ofNullable(models.get(modelId));
    }

    @Override
    public void recordRegistration(String modelId, String name, long version) {
        registrations.add(modelId + " -> " + name + "/" + version);
    }
}
