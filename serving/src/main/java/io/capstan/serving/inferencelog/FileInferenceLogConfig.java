package io.capstan.serving.inferencelog;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how a {@link FileInferenceLog} writes.
 *
 * @param directory holds the {@code inference-*.jsonl} files; created if missing; not null
 * @param rotation one file per hour or per day; not null
 * @param sampler which requests are kept; not null
 * @param durability whether {@code append} waits for the disk; not null
 * @param queueCapacity records accepted but not yet written; at least 1. Bounds memory when the
 *     disk is slower than the traffic.
 * @param enqueueTimeout how long {@code append} waits for room in a full queue before the record
 *     is dropped (and counted); zero or positive, at most one minute; not null
 * @throws IllegalArgumentException when a value is out of range
 */
public record FileInferenceLogConfig(Path directory, Rotation rotation, RequestSampler sampler,
        Durability durability, int queueCapacity, Duration enqueueTimeout) {

    /** 4096 records: several seconds of traffic on a small machine, a few MB of small tensors. */
    public static final int DEFAULT_QUEUE_CAPACITY = 4096;
    /** 50 ms: longer would let a stuck disk add visible latency to every request. */
    public static final Duration DEFAULT_ENQUEUE_TIMEOUT = Duration.ofMillis(50);

    public FileInferenceLogConfig {
        requireNonNull(directory, "directory is null");
        requireNonNull(rotation, "rotation is null");
        requireNonNull(sampler, "sampler is null");
        requireNonNull(durability, "durability is null");
        requireNonNull(enqueueTimeout, "enqueueTimeout is null");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, got " + queueCapacity);
        }
        if (enqueueTimeout.isNegative() || enqueueTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("enqueueTimeout must be between 0 and 1 minute, got " + enqueueTimeout);
        }
    }

    /**
     * The defaults: hourly files, every request kept, durable appends, {@value #DEFAULT_QUEUE_CAPACITY}
     * queued records, a 50 ms enqueue timeout.
     */
    public static FileInferenceLogConfig defaults(Path directory) {
        return new FileInferenceLogConfig(directory, Rotation.HOURLY, RequestSampler.ALL, Durability.SYNC,
                DEFAULT_QUEUE_CAPACITY, DEFAULT_ENQUEUE_TIMEOUT);
    }

    public FileInferenceLogConfig withRotation(Rotation value) {
        return new FileInferenceLogConfig(directory, value, sampler, durability, queueCapacity, enqueueTimeout);
    }

    public FileInferenceLogConfig withSampler(RequestSampler value) {
        return new FileInferenceLogConfig(directory, rotation, value, durability, queueCapacity, enqueueTimeout);
    }

    public FileInferenceLogConfig withDurability(Durability value) {
        return new FileInferenceLogConfig(directory, rotation, sampler, value, queueCapacity, enqueueTimeout);
    }

    public FileInferenceLogConfig withQueue(int capacity, Duration timeout) {
        return new FileInferenceLogConfig(directory, rotation, sampler, durability, capacity, timeout);
    }
}
