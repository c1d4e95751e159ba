package io.capstan.serving.deploy;

import java.util.List;

/**
 * Keeps deployment specs across restarts, and shares them between the server replicas that use the
 * same store: each replica reads {@link #load()} again every few seconds and serves what it finds.
 *
 * <p>Every implementation passes {@code io.capstan.testkit.DeploymentStoreContract}. Thread-safe; a
 * write is durable when it returns, and visible to every later {@link #load()} on the same store.
 */
public interface DeploymentStore {

    /** Every stored spec, in name order. */
    List<DeploymentSpec> load();

    /** Creates or replaces the spec of {@code spec.name()}. */
    void save(DeploymentSpec spec);

    /**
     * Replaces a spec only if it is still the one the caller saw: when the stored spec of
     * {@code next.name()} equals {@code expected}, stores {@code next} and returns true; otherwise
     * (another replica or a user changed or deleted it meanwhile) changes nothing and returns
     * false. An automatic change (a rollback) uses it, so it never overwrites a newer spec.
     *
     * @throws IllegalArgumentException when the two specs name different deployments
     */
    boolean replace(DeploymentSpec expected, DeploymentSpec next);

    /** Removes a spec; nothing happens when there is none. */
    void delete(String name);
}
