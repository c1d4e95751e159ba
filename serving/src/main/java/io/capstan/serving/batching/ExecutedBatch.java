package io.capstan.serving.batching;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * What one batch was: how many callers and rows it combined, how long each caller waited in the
 * queue, and how long the run took.
 *
 * @param requests the callers answered by this batch; at least 1
 * @param rows the rows (first-dimension entries) over all callers; a request whose inputs share
 *     no first dimension counts 0
 * @param queueWaits each caller's time from enqueue to the start of the run, in queue order;
 *     not null; copied
 * @param executionTime the time spent running the model for this batch, including any per-caller
 *     reruns; not null
 * @param separated whether the callers had to be run one by one after the combined run (outputs
 *     that could not be split by rows, or a failure blamed on one request)
 */
public record ExecutedBatch(int requests, int rows, List<Duration> queueWaits, Duration executionTime,
        boolean separated) {

    public ExecutedBatch {
        queueWaits = List.copyOf(queueWaits);
        requireNonNull(executionTime, "executionTime is null");
        if (requests < 1 || rows < 0 || queueWaits.size() != requests) {
            throw new IllegalArgumentException("requests " + requests + ", rows " + rows
                    + ", " + queueWaits.size() + " queue waits");
        }
    }
}
