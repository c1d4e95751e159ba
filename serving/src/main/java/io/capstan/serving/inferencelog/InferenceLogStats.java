package io.capstan.serving.inferencelog;

/**
 * A snapshot of a log's counters, for metrics. All grow except {@code queueDepth}.
 *
 * @param written records made durable
 * @param sampledOut records not kept by sampling
 * @param dropped records not kept because the queue stayed full
 * @param failed records not kept because writing failed
 * @param queueDepth records accepted and not yet written, now
 */
public record InferenceLogStats(long written, long sampledOut, long dropped, long failed, int queueDepth) {
}
