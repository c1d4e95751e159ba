package io.capstan.serving.inferencelog;

import java.time.Instant;
import java.util.stream.Stream;

/**
 * The inference log: every sampled inference, kept for monitoring (drift, quality) and for
 * joining ground truth that arrives later.
 *
 * <p>Implementations are thread-safe. {@link #append} may be called from many request threads at
 * once; {@link #read} may run while appends continue and sees the records made durable before it
 * reached their file.
 */
public interface InferenceLog extends AutoCloseable {

    /**
     * Offers one record to the log. What the outcome promises is the implementation's contract,
     * but {@link AppendOutcome#WRITTEN} always means durable: it survives the process being
     * killed.
     *
     * @param record not null
     * @return what became of the record; never null
     * @throws IllegalStateException after {@link #close}
     */
    AppendOutcome append(InferenceRecord record);

    /**
     * The records whose timestamp is in {@code [from, to)}, in the order they were written within
     * each time bucket, bucket by bucket (oldest first). Timestamps within a bucket are nearly but
     * not strictly ascending: concurrent requests finish out of order. The stream reads lazily and
     * holds a file open: close it (try-with-resources).
     *
     * @param from inclusive; not null
     * @param to exclusive; not null
     * @throws io.capstan.core.CapstanException INTERNAL_ERROR when stored data is corrupt (beyond
     *     a torn last line, which is skipped) or cannot be read
     */
    Stream<InferenceRecord> read(Instant from, Instant to);

    /** Makes every accepted record durable, then releases the log. Idempotent; never throws. */
    @Override
    void close();
}
