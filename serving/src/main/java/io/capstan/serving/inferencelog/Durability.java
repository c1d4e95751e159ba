package io.capstan.serving.inferencelog;

/** When {@link FileInferenceLog#append} returns. */
public enum Durability {
    /**
     * After the record is written and forced to disk ({@link AppendOutcome#WRITTEN}). The writer
     * forces once per group of records, so many concurrent appends share one fsync.
     */
    SYNC,
    /**
     * As soon as the record is queued ({@link AppendOutcome#QUEUED}). Not durable: records still
     * queued are lost if the process is killed. For when latency matters more than the log.
     */
    ASYNC
}
