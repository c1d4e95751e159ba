package io.capstan.serving.batching;

/**
 * Hears about every batch a {@link DynamicBatcher} runs, for metrics (batch size and queue time
 * histograms).
 *
 * <p>Called on the batcher's dispatch thread after the batch's callers have their answers, so it
 * must be quick and must not block or call back into the batcher. An exception it throws is
 * ignored: metrics never fail inference.
 */
@FunctionalInterface
public interface BatchListener {

    /** A listener that does nothing. */
    BatchListener NONE = batch -> { };

    /** One batch has run; {@code batch} is never null. */
    void batchExecuted(ExecutedBatch batch);
}
