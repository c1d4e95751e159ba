package io.capstan.serving.inferencelog;

/** What {@link InferenceLog#append} did with a record. */
public enum AppendOutcome {
    /** Written and forced to disk: it survives a crash of the process. */
    WRITTEN,
    /** Accepted into the queue but not yet durable (asynchronous mode); lost if the process dies now. */
    QUEUED,
    /** Not kept, by the sampling rate; the same request id always gets the same decision. */
    SAMPLED_OUT,
    /** Not kept because the queue stayed full for the whole enqueue timeout (the disk is behind). */
    DROPPED,
    /** Not kept because writing failed (disk full, I/O error). */
    FAILED
}
