/**
 * The inference log: what every (sampled) request asked and what the model answered, kept for
 * monitoring and for joining ground truth that arrives later by request id.
 * {@link io.capstan.serving.inferencelog.InferenceLog} is the port;
 * {@link io.capstan.serving.inferencelog.FileInferenceLog} the embedded default.
 *
 * <p>Why the design is as it is:
 * <ul>
 *   <li><b>JSON Lines, one file per hour.</b> Appending a line is the cheapest durable write
 *       there is; every tool (DuckDB's {@code read_json}, pandas, {@code jq}) reads it; and a
 *       file per period named after it lets a monitor read a time window by listing file names,
 *       and lets retention delete whole files. The period is chosen by the record's timestamp, not
 *       by when it was written, so a file holds exactly its period.
 *   <li><b>Group commit.</b> "Nothing acknowledged is lost on kill -9" needs a write before the
 *       acknowledgement; surviving a power cut too needs an fsync. One writer thread forcing once
 *       per group makes that affordable: under load, many requests share one fsync. The writer
 *       is also the only thing that touches the files, so there is no locking around them.
 *   <li><b>Bounded queue, drop with a count.</b> Monitoring must never take serving down. If the
 *       disk falls behind, appends wait briefly (the enqueue timeout) and then the record is
 *       dropped and counted in {@code stats()} for an alert, instead of growing memory or
 *       stalling requests.
 *   <li><b>Deterministic sampling.</b> Sampling by a fixed hash of the request id (documented in
 *       {@link io.capstan.serving.inferencelog.RequestSampler}) gives the same decision in every
 *       replica and every rerun, so a test or a monitor knows which requests to expect.
 *   <li><b>Torn-line tolerance on both ends.</b> The writer cuts a torn tail before appending to
 *       a file; the reader skips a torn last line. Both are safe because a torn line was never
 *       acknowledged.
 *   <li><b>Ids and time from seams.</b> {@link io.capstan.serving.inferencelog.RequestStamps}
 *       turns the injected {@link io.capstan.core.IdGenerator} and {@link java.time.Clock} into
 *       a request's id and timestamp; the log itself never reads the clock.
 * </ul>
 */
package io.capstan.serving.inferencelog;
