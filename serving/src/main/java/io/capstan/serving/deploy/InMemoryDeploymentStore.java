package io.capstan.serving.deploy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Deployment specs in memory, lost when the process ends: the reference implementation of
 * {@link DeploymentStore}, for tests and for servers that are told to keep nothing. Thread-safe.
 */
public final class InMemoryDeploymentStore implements DeploymentStore {
    private final TreeMap<String, DeploymentSpec> specs = new TreeMap<>();

    @Override
    public synchronized List<DeploymentSpec> load() {
        return new ArrayList<>(specs.values());
    }

    @Override
    public synchronized void save(DeploymentSpec spec) {
        requireNonNull(spec, "spec is null");
        specs.put(spec.name(), spec);
    }

    @Override
    public synchronized boolean replace(DeploymentSpec expected, DeploymentSpec next) {
        DeploymentStores.checkSameName(expected, next);
        if (!expected.equals(specs.get(next.name()))) {
            return false;
        }
        specs.put(next.name(), next);
        return true;
    }

    @Override
    public synchronized void delete(String name) {
        specs.remove(requireNonNull(name, "name is null"));
    }
}
