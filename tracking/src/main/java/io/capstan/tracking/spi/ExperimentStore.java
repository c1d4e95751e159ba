package io.capstan.tracking.spi;

import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.tracking.Experiment;
import io.capstan.tracking.Tag;
import io.capstan.tracking.ViewType;
import io.capstan.tracking.search.Comparison;
import io.capstan.tracking.search.OrderBy;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Persists experiments. Input is already validated by the service; a store enforces only what
 * needs its data (unique names, existence).
 *
 * <p>Implementations are thread-safe. Every store holds the {@link Experiment#DEFAULT_ID Default}
 * experiment from its first start.
 */
public interface ExperimentStore {

    /**
     * Creates an active experiment.
     *
     * @param artifactLocation where its artifacts live, given the new id
     * @return the new experiment's id (a decimal number)
     * @throws CapstanException RESOURCE_ALREADY_EXISTS if any experiment, deleted or not, has the name
     */
    String create(String name, Function<String, String> artifactLocation, List<Tag> tags, long now);

    /** The experiment with this id, deleted or not. */
    Optional<Experiment> get(String experimentId);

    /** The experiment with this exact name, deleted or not. */
    Optional<Experiment> getByName(String name);

    /**
     * Experiments matching every comparison, ordered by {@code orderBy} then the default order
     * (creation_time DESC) and experiment_id ASC as tiebreak.
     */
    Page<Experiment> search(ViewType viewType, List<Comparison> filter, List<OrderBy> orderBy,
                            int maxResults, long offset);

    /**
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST, RESOURCE_ALREADY_EXISTS for a taken name
     */
    void rename(String experimentId, String newName, long now);

    /**
     * Soft-deletes the experiment and all its runs.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST if it does not exist or is already deleted
     */
    void delete(String experimentId, long now);

    /**
     * Restores a deleted experiment and every run in it.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST unless it exists and is deleted
     */
    void restore(String experimentId, long now);

    /** Upserts a tag. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    void setTag(String experimentId, Tag tag, long now);

    /** Removes a tag. @throws CapstanException RESOURCE_DOES_NOT_EXIST for the experiment or the tag */
    void deleteTag(String experimentId, String key, long now);
}
