package io.capstan.tracking.spi;

import io.capstan.core.CapstanException;
import io.capstan.core.Page;
import io.capstan.tracking.DatasetInput;
import io.capstan.tracking.LifecycleStage;
import io.capstan.tracking.Metric;
import io.capstan.tracking.ModelInput;
import io.capstan.tracking.ModelOutput;
import io.capstan.tracking.Param;
import io.capstan.tracking.Run;
import io.capstan.tracking.RunInfo;
import io.capstan.tracking.RunMetric;
import io.capstan.tracking.RunStatus;
import io.capstan.tracking.Tag;
import io.capstan.tracking.ViewType;
import io.capstan.tracking.search.Comparison;
import io.capstan.tracking.search.OrderBy;

import java.util.List;
import java.util.Optional;

/**
 * Persists runs with their params, tags, metric history and inputs/outputs.
 *
 * <p>Writes to a run are atomic: a {@link #logBatch} either stores everything or nothing.
 * Implementations are thread-safe; concurrent writers never lose an acknowledged write.
 *
 * <p>Every write ({@link #update}, {@link #logBatch}, {@link #deleteTag}, {@link #logInputs},
 * {@link #logOutputs}) checks the run inside its own transaction and throws
 * {@link CapstanException} RESOURCE_DOES_NOT_EXIST when there is no such run and
 * INVALID_PARAMETER_VALUE when the run is deleted.
 */
public interface RunStore {

    /** Stores a new active, RUNNING run. */
    Run create(NewRun run);

    /** The run, deleted or not, with its latest metrics. */
    Optional<Run> get(String runId);

    /** The run's attributes without params/tags/metrics: the cheap existence/state check. */
    Optional<RunInfo> getInfo(String runId);

    /**
     * Updates the given attributes; null arguments leave the attribute unchanged. A new run name
     * is mirrored into the {@code mlflow.runName} tag.
     */
    RunInfo update(String runId, RunStatus status, Long endTime, String runName);

    /** Soft-deletes or restores the run. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    void setLifecycleStage(String runId, LifecycleStage stage, long now);

    /**
     * Logs metrics, params and tags in one transaction. Exact duplicate metric points are ignored.
     * A param already logged with the same value is a no-op; with another value the whole batch
     * fails. A {@code mlflow.runName} tag also renames the run.
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE when a param would change value
     */
    void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags);

    /** @throws CapstanException RESOURCE_DOES_NOT_EXIST when the tag is not set */
    void deleteTag(String runId, String key);

    /** Records dataset inputs (deduplicated by name+digest per experiment) and model inputs. */
    void logInputs(String runId, List<DatasetInput> datasets, List<ModelInput> models);

    /** Records logged models the run produced. */
    void logOutputs(String runId, List<ModelOutput> outputs);

    /**
     * Runs in the given experiments matching every comparison; ordered by {@code orderBy}, then
     * start_time DESC, then run_id ASC. Missing sort values and NaN sort last either way.
     */
    Page<Run> search(List<String> experimentIds, ViewType viewType, List<Comparison> filter,
                     List<OrderBy> orderBy, int maxResults, long offset);

    /** A metric's history ordered by step, timestamp, value; {@code maxResults} null for all. */
    Page<Metric> metricHistory(String runId, String key, Integer maxResults, long offset);

    /**
     * Points of one metric for several runs with step in [startStep, endStep] (nulls: unbounded),
     * at most {@code maxResults} steps per run spread evenly, always keeping the first and last.
     */
    List<RunMetric> metricHistoryBulkInterval(List<String> runIds, String key, Long startStep,
                                              Long endStep, int maxResults);
}
