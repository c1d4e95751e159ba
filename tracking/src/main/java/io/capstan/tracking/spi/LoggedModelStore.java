package io.capstan.tracking.spi;

import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.tracking.LoggedModel;
import io.capstan.tracking.LoggedModelStatus;
import io.capstan.tracking.Param;
import io.capstan.tracking.Tag;
import io.capstan.tracking.search.Comparison;
import io.capstan.tracking.search.OrderBy;

import java.util.List;
import java.util.Optional;

/**
 * Persists MLflow 3 logged models. Their metrics are the run metric points logged with their
 * model id, so a store shares them with the {@link RunStore}. Thread-safe.
 */
public interface LoggedModelStore {

    LoggedModel create(NewLoggedModel model);

    /** The model; deleted ones only when {@code allowDeleted}. */
    Optional<LoggedModel> get(String modelId, boolean allowDeleted);

    /** @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    LoggedModel setStatus(String modelId, LoggedModelStatus status, String statusMessage, long now);

    /** Soft delete. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    void delete(String modelId, long now);

    /** Upserts tags. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    void setTags(String modelId, List<Tag> tags, long now);

    /** @throws CapstanException RESOURCE_DOES_NOT_EXIST for the model or the tag */
    void deleteTag(String modelId, String key, long now);

    /** Adds params (same value again is a no-op). @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    void logParams(String modelId, List<Param> params, long now);

    /**
     * Non-deleted models in the experiments matching the filter, ordered by {@code orderBy} then
     * creation_timestamp DESC and model_id.
     */
    Page<LoggedModel> search(List<String> experimentIds, List<Comparison> filter, List<OrderBy> orderBy,
                             int maxResults, long offset);
}
