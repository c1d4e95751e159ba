/**
 * Dynamic batching for one model version: {@link io.capstan.serving.batching.DynamicBatcher}
 * wraps a {@link io.capstan.serving.spi.ModelRuntime} and is one itself, so routes, the pyfunc
 * view and deployments use a batched model exactly as an unbatched one.
 *
 * <p>Why the design is as it is:
 * <ul>
 *   <li><b>Transparent wrapper, not a separate API.</b> Batching is a property of how a version is
 *       deployed, not of the protocol a request arrives on; wrapping the port keeps OIP v2 and
 *       {@code /invocations} on one code path and lets a deployment turn batching off by not
 *       wrapping.
 *   <li><b>Correctness before throughput.</b> A caller must get what the model would have answered
 *       for its own rows. So only requests with identical layouts past the first dimension are
 *       combined, outputs are cut by rows only when their first dimension is the combined row
 *       count (otherwise each caller runs alone), and a failure that one request could have caused
 *       is retried per caller so it fails only that request.
 *   <li><b>Bounded queue that sheds.</b> An unbounded queue turns overload into unbounded latency
 *       for everyone and, eventually, an out-of-memory. A full queue answers at once with
 *       RESOURCE_EXHAUSTED (429) and a Retry-After hint
 *       ({@link io.capstan.serving.batching.QueueFullException#retryAfter()}); closing answers
 *       TEMPORARILY_UNAVAILABLE (503).
 *   <li><b>One dispatch thread per version, from an injected factory.</b> Threads are the
 *       composition root's decision (ARCHITECTURE.md, example 5). On two cores, one batch at a time
 *       is right: the model's intra-op threads use the cores, and the batch in flight is what lets
 *       the next batch fill up even with a zero queue delay.
 *   <li><b>Metrics by pull and push.</b> {@link io.capstan.serving.batching.DynamicBatcher#stats()}
 *       gives counters and the queue depth (gauges); a
 *       {@link io.capstan.serving.batching.BatchListener} receives every batch's size, queue waits
 *       and run time (histograms). No metrics library here; {@code server} adapts them.
 * </ul>
 */
package io.capstan.serving.batching;
