package io.capstan.serving.deploy;

import java.util.List;

/** Keeps deployment specs across restarts. Thread-safe; a save is durable when it returns. */
public interface DeploymentStore {

    /** Every stored spec, in name order. */
    List<DeploymentSpec> load();

    /** Creates or replaces the spec of {@code spec.name()}. */
    void save(DeploymentSpec spec);

    /** Removes a spec; nothing happens when there is none. */
    void delete(String name);
}
