package io.capstan.serving.batching;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a {@link DynamicBatcher} groups requests for one model version: the same three knobs as
 * Triton's dynamic batcher ({@code max_batch_size}, {@code max_queue_delay_microseconds}) plus the
 * bound Triton calls {@code max_queue_size}.
 *
 * <p>The defaults ({@link #defaults()}) suit a small machine (2 cores): 32 rows per run is where
 * a small model's per-run overhead is amortised while a batch still fits in cache; a delay of zero
 * adds nothing to an unloaded request's latency, and under load requests still batch because they
 * queue while the previous batch runs (Triton recommends starting from zero too); 128 queued
 * requests is four full batches, a few milliseconds of backlog, beyond which waiting is worse for a
 * client than a quick 429 and a retry.
 *
 * @param maxBatchSize the most rows (first-dimension entries, summed over callers) one run takes;
 *     at least 1. A single request with more rows than this runs alone, unsplit.
 * @param maxQueueDelay how long the oldest queued request may wait for more requests to join its
 *     batch; zero or positive, at most one minute; not null
 * @param maxQueueSize the most requests waiting (not yet running); at least 1. One more is
 *     refused with {@link QueueFullException}.
 * @throws IllegalArgumentException when a value is out of range
 */
public record BatchingConfig(int maxBatchSize, Duration maxQueueDelay, int maxQueueSize) {

    /** 32 rows. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 32;
    /** Zero: batch what is already queued, never wait on an idle model. */
    public static final Duration DEFAULT_MAX_QUEUE_DELAY = Duration.ZERO;
    /** 128 requests. */
    public static final int DEFAULT_MAX_QUEUE_SIZE = 128;

    private static final Duration MAX_DELAY = Duration.ofMinutes(1);

    public BatchingConfig {
        requireNonNull(maxQueueDelay, "maxQueueDelay is null");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
        }
        if (maxQueueDelay.isNegative() || maxQueueDelay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("maxQueueDelay must be between 0 and 1 minute, got "
                    + maxQueueDelay);
        }
        if (maxQueueSize < 1) {
            throw new IllegalArgumentException("maxQueueSize must be at least 1, got " + maxQueueSize);
        }
    }

    /** The defaults described in the class comment. */
    public static BatchingConfig defaults() {
        return new BatchingConfig(DEFAULT_MAX_BATCH_SIZE, DEFAULT_MAX_QUEUE_DELAY, DEFAULT_MAX_QUEUE_SIZE);
    }

    /** This configuration with another maximum batch size. */
    public BatchingConfig withMaxBatchSize(int rows) {
        return new BatchingConfig(rows, maxQueueDelay, maxQueueSize);
    }

    /** This configuration with another maximum queue delay. */
    public BatchingConfig withMaxQueueDelay(Duration delay) {
        return new BatchingConfig(maxBatchSize, delay, maxQueueSize);
    }

    /** This configuration with another queue bound. */
    public BatchingConfig withMaxQueueSize(int requests) {
        return new BatchingConfig(maxBatchSize, maxQueueDelay, requests);
    }
}
