package io.capstan.serving.batching;

/**
 * A snapshot of a {@link DynamicBatcher}'s counters, for metrics. The counters only grow, except
 * {@code queueDepth}, which is the number of requests waiting at the moment of the snapshot. A
 * batch is counted just after its callers are answered, so a caller reading the counters right
 * after its answer may not see its own batch yet.
 *
 * @param batchesExecuted model runs for combined batches, counting a batch once even when its
 *     callers were then run one by one
 * @param requestsExecuted callers that got an answer or an error from the model
 * @param rowsExecuted rows over those callers
 * @param queueDepth requests waiting now
 * @param rejectedRequests requests refused because the queue was full
 * @param separatedBatches batches whose callers had to be run one by one
 */
public record BatchingStats(long batchesExecuted, long requestsExecuted, long rowsExecuted, int queueDepth,
        long rejectedRequests, long separatedBatches) {
}
