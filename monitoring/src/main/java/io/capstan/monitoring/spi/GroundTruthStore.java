package io.capstan.monitoring.spi;

import io.capstan.monitoring.monitor.GroundTruth;
import io.capstan.monitoring.monitor.ServedPrediction;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Keeps the true labels posted for served requests, and the predictions of evaluated windows that
 * those labels are joined with. Thread-safe; every write is durable when it returns.
 */
public interface GroundTruthStore {

    /**
     * Stores labels for requests of {@code deployment}, replacing earlier labels of the same request
     * ids, stamped with {@code receivedAt}.
     */
    void put(String deployment, List<GroundTruth> labels, Instant receivedAt);

    /** Returns the labels of those of {@code requestIds} that have some. */
    Map<String, List<String>> labels(String deployment, Collection<String> requestIds);

    /** Stores (replacing) the predictions of one window of a monitor. */
    void savePredictions(String monitor, Instant windowStart, List<ServedPrediction> predictions);

    /** Returns the predictions stored for a window, in the order they were stored. */
    List<ServedPrediction> predictions(String monitor, Instant windowStart);

    /**
     * Returns the starts of {@code monitor}'s windows holding a prediction whose labels (for
     * {@code deployment}) were received at or after {@code since}, oldest first.
     */
    List<Instant> windowsLabelledSince(String monitor, String deployment, Instant since);

    /** Deletes a monitor's stored predictions. */
    void deleteMonitor(String monitor);
}
