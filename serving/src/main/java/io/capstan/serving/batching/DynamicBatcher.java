package io.capstan.serving.batching;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.serving.spi.DataType;
import io.capstan.serving.spi.MapSequence;
import io.capstan.serving.spi.ModelMetadata;
import io.capstan.serving.spi.ModelOutput;
import io.capstan.serving.spi.ModelRuntime;
import io.capstan.serving.spi.Tensor;
import io.capstan.serving.spi.TensorSpec;
import java.lang.reflect.Array;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ModelRuntime} that combines concurrent requests into one model run, like Triton's
 * dynamic batcher: requests whose inputs have the same names, datatypes and dimensions after the
 * first (and that ask for the same outputs) are concatenated along the first dimension, up to
 * {@link BatchingConfig#maxBatchSize()} rows, run once, and the outputs are cut back into each
 * caller's rows. The oldest waiting request waits at most {@link BatchingConfig#maxQueueDelay()}
 * for others to join it.
 *
 * <p><b>What callers see.</b> {@link #infer} and {@link #predict} answer exactly what the wrapped
 * runtime would answer for the caller's own inputs, provided the model treats rows independently
 * (true of every tabular model; the batcher cannot check it). Concretely:
 * <ul>
 *   <li>a request with more rows than {@code maxBatchSize}, with zero rows, with inputs that do
 *       not share one first dimension, or for a model whose signature has no dynamic first
 *       dimension on every input and output, runs alone (still through the queue, so the bound
 *       and the metrics hold);
 *   <li>if an output of a combined run does not have the combined row count as its first
 *       dimension (so it cannot be cut by rows), every caller of that batch is run alone;
 *   <li>if a combined run fails with INVALID_PARAMETER_VALUE, BAD_REQUEST or INTERNAL_ERROR (an
 *       engine failure on inputs that passed validation may be caused by one request's values),
 *       every caller is run alone, so one bad request fails only itself; any other failure fails
 *       every caller of that batch and no other;
 *   <li>when {@code maxQueueSize} requests are already waiting, the call fails at once with
 *       {@link QueueFullException} (RESOURCE_EXHAUSTED, with a Retry-After hint); the queue never
 *       grows beyond the bound;
 *   <li>after {@link #close} has begun, calls fail with TEMPORARILY_UNAVAILABLE.
 * </ul>
 * Batches are formed in arrival order: the oldest waiting request always runs next, joined by the
 * compatible requests behind it in arrival order (stopping at the first one that does not fit).
 *
 * <p><b>Threads.</b> One dispatch thread, made by the {@link ThreadFactory} given to the
 * constructor, forms batches and runs them one at a time: on a small machine the model's own
 * intra-op threads already use the cores, and a batch in flight is what lets the next one fill
 * up. Callers block in {@code infer} until their answer is ready ({@link #inferAsync} does not
 * block). Waiting uses {@link System#nanoTime()}, a monotonic timer, not wall-clock time.
 *
 * <p>Thread-safe. The batcher owns the wrapped runtime and closes it in {@link #close}.
 */
public final class DynamicBatcher implements ModelRuntime {
    private final ModelRuntime delegate;
    private final BatchingConfig config;
    private final BatchListener listener;
    private final long maxDelayNanos;
    /** Whether the model's signature lets rows be concatenated at all. */
    private final boolean batchable;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean closing;
    private final CountDownLatch dispatcherDone = new CountDownLatch(1);
    private final Thread dispatcher;

    private final AtomicLong batchesExecuted = new AtomicLong();
    private final AtomicLong requestsExecuted = new AtomicLong();
    private final AtomicLong rowsExecuted = new AtomicLong();
    private final AtomicLong rejectedRequests = new AtomicLong();
    private final AtomicLong separatedBatches = new AtomicLong();
    private volatile int queueDepth;
    /** Exponentially weighted mean run time of a batch, for the Retry-After estimate. */
    private volatile long meanBatchNanos;

    /**
     * Starts the dispatch thread.
     *
     * @param delegate the runtime to batch for; owned from now on (closed by {@link #close}); not
     *     null
     * @param config the batching knobs; not null
     * @param threads makes the one dispatch thread; not null
     * @param listener hears about every batch; not null ({@link BatchListener#NONE} for none)
     */
    public DynamicBatcher(ModelRuntime delegate, BatchingConfig config, ThreadFactory threads,
            BatchListener listener) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.config = requireNonNull(config, "config is null");
        this.listener = requireNonNull(listener, "listener is null");
        requireNonNull(threads, "threads is null");
        this.maxDelayNanos = config.maxQueueDelay().toNanos();
        this.batchable = hasBatchDimension(delegate.metadata());
        this.dispatcher = requireNonNull(threads.newThread(this::dispatchLoop), "thread factory gave null");
        dispatcher.start();
    }

    private static boolean hasBatchDimension(ModelMetadata metadata) {
        List<TensorSpec> specs = new ArrayList<>(metadata.inputs());
        specs.addAll(metadata.outputs());
        for (TensorSpec spec : specs) {
            long[] shape = spec.shape();
            if (shape.length == 0 || shape[0] != -1) {
                return false;
            }
        }
        return !metadata.inputs().isEmpty();
    }

    /** The configuration this batcher runs with. */
    public BatchingConfig config() {
        return config;
    }

    /** The wrapped runtime's metadata. */
    @Override
    public ModelMetadata metadata() {
        return delegate.metadata();
    }

    /**
     * Runs the request as part of a batch and waits for its answer; see the class comment.
     *
     * @throws QueueFullException when the queue is full
     * @throws CapstanException as the wrapped runtime's {@code infer}; TEMPORARILY_UNAVAILABLE
     *     after {@link #close} or when the calling thread is interrupted while waiting (the
     *     interrupt flag stays set)
     * @throws IllegalArgumentException when an input is keyed by a name other than its own
     */
    @Override
    public Map<String, Tensor> infer(Map<String, Tensor> inputs, List<String> outputs) {
        return tensors(await(submit(inputs, Kind.INFER, List.copyOf(outputs))));
    }

    /**
     * Runs the request as part of a batch without waiting: the future completes with the outputs
     * or with the exception {@link #infer} would throw. Refusals (queue full, closed) are thrown
     * here, not put in the future, so a client gets its 429 before any waiting.
     *
     * @throws QueueFullException when the queue is full
     * @throws CapstanException TEMPORARILY_UNAVAILABLE after {@link #close}
     */
    public CompletableFuture<Map<String, Tensor>> inferAsync(Map<String, Tensor> inputs, List<String> outputs) {
        return submit(inputs, Kind.INFER, List.copyOf(outputs)).thenApply(DynamicBatcher::tensors);
    }

    /**
     * Like {@link #infer(Map)} but with every output, tensors and sequences of maps, as
     * {@link ModelRuntime#predict}; batched the same way (sequences are cut by rows too).
     *
     * @throws QueueFullException when the queue is full
     * @throws CapstanException as {@link #infer(Map, List)}
     */
    @Override
    public Map<String, ModelOutput> predict(Map<String, Tensor> inputs) {
        return await(submit(inputs, Kind.PREDICT, List.of()));
    }

    /** The counters now. */
    public BatchingStats stats() {
        return new BatchingStats(batchesExecuted.get(), requestsExecuted.get(), rowsExecuted.get(), queueDepth,
                rejectedRequests.get(), separatedBatches.get());
    }

    /**
     * Stops taking requests (new calls fail with TEMPORARILY_UNAVAILABLE), answers every request
     * already queued (at most {@code maxQueueSize}, run without waiting for more), stops the
     * dispatch thread and closes the wrapped runtime. Draining rather than failing the queue is
     * what lets a deployment swap versions with zero failed requests. Idempotent; waits for the
     * drain even if interrupted (the interrupt flag is restored). Never throws.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() != dispatcher) {
            boolean interrupted = false;
            while (true) {
                try {
                    dispatcherDone.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        delegate.close();
    }

    // --- submitting ----------------------------------------------------------------------------

    private enum Kind { INFER, PREDICT }

    /** What makes two requests concatenable: same call, same outputs, same inputs past dim 0. */
    private record BatchKey(Kind kind, List<String> outputs, List<InputLayout> inputs) {
    }

    private record InputLayout(String name, DataType datatype, List<Long> trailingDims) {
    }

    private static final class Pending {
        final Map<String, Tensor> inputs;
        final Kind kind;
        final List<String> outputs;
        /** Null when this request must run alone. */
        final BatchKey key;
        final int rows;
        final long enqueuedNanos = System.nanoTime();
        long startedNanos;
        final CompletableFuture<Map<String, ModelOutput>> result = new CompletableFuture<>();

        Pending(Map<String, Tensor> inputs, Kind kind, List<String> outputs, BatchKey key, int rows) {
            this.inputs = inputs;
            this.kind = kind;
            this.outputs = outputs;
            this.key = key;
            this.rows = rows;
        }
    }

    private CompletableFuture<Map<String, ModelOutput>> submit(Map<String, Tensor> inputs, Kind kind,
            List<String> outputs) {
        requireNonNull(inputs, "inputs is null");
        Map<String, Tensor> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : inputs.entrySet()) {
            Tensor tensor = requireNonNull(entry.getValue(), "input tensor is null");
            if (!tensor.name().equals(entry.getKey())) {
                throw new IllegalArgumentException("input keyed '" + entry.getKey() + "' is named '"
                        + tensor.name() + "'");
            }
            copy.put(entry.getKey(), tensor);
        }
        int rows = commonRows(copy);
        BatchKey key = batchable && rows > 0 && rows <= config.maxBatchSize() ? key(kind, outputs, copy) : null;
        Pending pending = new Pending(copy, kind, outputs, key, Math.max(rows, 0));
        lock.lock();
        try {
            if (closing) {
                throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Model is unloading");
            }
            if (queue.size() >= config.maxQueueSize()) {
                rejectedRequests.incrementAndGet();
                throw new QueueFullException(retryAfter(queue.size()),
                        "Too many requests queued for this model (%d); retry later", queue.size());
            }
            queue.addLast(pending);
            queueDepth = queue.size();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        return pending.result;
    }

    /** The first dimension every input shares, or -1 when they do not share one. */
    private static int commonRows(Map<String, Tensor> inputs) {
        long rows = -1;
        for (Tensor tensor : inputs.values()) {
            if (tensor.rank() == 0) {
                return -1;
            }
            long first = tensor.shape()[0];
            if (rows != -1 && first != rows) {
                return -1;
            }
            rows = first;
        }
        return (int) rows;
    }

    private static BatchKey key(Kind kind, List<String> outputs, Map<String, Tensor> inputs) {
        List<InputLayout> layouts = new ArrayList<>();
        for (Tensor tensor : inputs.values()) {
            long[] shape = tensor.shape();
            List<Long> trailing = new ArrayList<>();
            for (int i = 1; i < shape.length; i++) {
                trailing.add(shape[i]);
            }
            layouts.add(new InputLayout(tensor.name(), tensor.datatype(), List.copyOf(trailing)));
        }
        // callers may build their maps in any order; the key must not care
        layouts.sort((a, b) -> a.name().compareTo(b.name()));
        return new BatchKey(kind, outputs, List.copyOf(layouts));
    }

    private Duration retryAfter(int depth) {
        double batchesAhead = Math.ceil((double) depth / config.maxBatchSize()) + 1;
        long nanos = (long) (batchesAhead * meanBatchNanos);
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + TimeUnit.SECONDS.toNanos(1) - 1));
        return Duration.ofSeconds(seconds);
    }

    private static Map<String, ModelOutput> await(CompletableFuture<Map<String, ModelOutput>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            // the dispatcher skips a cancelled request that has not started
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, e, "Interrupted while waiting for the model");
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        } catch (CancellationException e) {
            throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, e, "Request was cancelled");
        }
    }

    /** A fresh exception for this caller (batch-mates may share the cause) with the same code. */
    private static RuntimeException rethrowable(Throwable cause) {
        if (cause instanceof CapstanException ce) {
            return new CapstanException(ce.code(), ce, ce.getMessage());
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        return new CapstanException(ErrorCode.INTERNAL_ERROR, cause, "Model run failed: " + cause);
    }

    private static Map<String, Tensor> tensors(Map<String, ModelOutput> outputs) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        outputs.forEach((name, output) -> tensors.put(name, (Tensor) output));
        return tensors;
    }

    // --- dispatching ---------------------------------------------------------------------------

    private void dispatchLoop() {
        try {
            while (true) {
                List<Pending> batch = nextBatch();
                if (batch == null) {
                    return;
                }
                execute(batch);
            }
        } finally {
            failQueued();
            dispatcherDone.countDown();
        }
    }

    /** Waits for the next batch; null once closing and the queue is drained. */
    private List<Pending> nextBatch() {
        lock.lock();
        try {
            while (true) {
                dropCancelled();
                if (queue.isEmpty()) {
                    if (closing) {
                        return null;
                    }
                    arrived.awaitUninterruptibly();
                    continue;
                }
                Pending head = queue.peekFirst();
                List<Pending> batch = collect(head);
                while (!closing && head.key != null && rows(batch) < config.maxBatchSize()) {
                    long remaining = head.enqueuedNanos + maxDelayNanos - System.nanoTime();
                    if (remaining <= 0) {
                        break;
                    }
                    try {
                        arrived.awaitNanos(remaining);
                    } catch (InterruptedException e) {
                        // only close() stops the dispatcher; an interrupt from elsewhere is ignored
                        continue;
                    }
                    batch = collect(head);
                }
                long now = System.nanoTime();
                for (Pending pending : batch) {
                    queue.remove(pending);
                    pending.startedNanos = now;
                }
                queueDepth = queue.size();
                return batch;
            }
        } finally {
            lock.unlock();
        }
    }

    private void dropCancelled() {
        queue.removeIf(pending -> pending.result.isDone());
        queueDepth = queue.size();
    }

    /** The head and the compatible requests behind it, in arrival order, up to the row limit. */
    private List<Pending> collect(Pending head) {
        List<Pending> batch = new ArrayList<>();
        batch.add(head);
        if (head.key == null) {
            return batch;
        }
        int rows = head.rows;
        Iterator<Pending> it = queue.iterator();
        it.next();
        while (it.hasNext() && rows < config.maxBatchSize()) {
            Pending next = it.next();
            if (!head.key.equals(next.key) || next.result.isDone()) {
                continue;
            }
            if (rows + next.rows > config.maxBatchSize()) {
                break;
            }
            batch.add(next);
            rows += next.rows;
        }
        return batch;
    }

    private static int rows(List<Pending> batch) {
        int rows = 0;
        for (Pending pending : batch) {
            rows += pending.rows;
        }
        return rows;
    }

    private void execute(List<Pending> batch) {
        long start = System.nanoTime();
        boolean separated = false;
        if (batch.size() == 1) {
            runAlone(batch.get(0));
        } else {
            separated = runCombined(batch);
        }
        long elapsed = System.nanoTime() - start;
        long mean = meanBatchNanos;
        meanBatchNanos = mean == 0 ? elapsed : mean + (elapsed - mean) / 8;
        batchesExecuted.incrementAndGet();
        requestsExecuted.addAndGet(batch.size());
        rowsExecuted.addAndGet(rows(batch));
        if (separated) {
            separatedBatches.incrementAndGet();
        }
        List<Duration> waits = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            waits.add(Duration.ofNanos(pending.startedNanos - pending.enqueuedNanos));
        }
        try {
            listener.batchExecuted(new ExecutedBatch(batch.size(), rows(batch), waits, Duration.ofNanos(elapsed),
                    separated));
        } catch (RuntimeException ignored) {
            // a metrics hook must never break serving
        }
    }

    /** Runs the batch as one call; returns whether the callers had to be run one by one. */
    private boolean runCombined(List<Pending> batch) {
        Pending head = batch.get(0);
        int totalRows = rows(batch);
        Map<String, ModelOutput> outputs;
        try {
            outputs = call(head.kind, concatenate(batch, totalRows), head.outputs);
        } catch (CapstanException e) {
            if (blameOneRequest(e.code())) {
                batch.forEach(this::runAlone);
                return true;
            }
            batch.forEach(pending -> pending.result.completeExceptionally(e));
            return false;
        } catch (RuntimeException | Error e) {
            batch.forEach(pending -> pending.result.completeExceptionally(e));
            return false;
        }
        List<Map<String, ModelOutput>> split = split(outputs, batch, totalRows);
        if (split == null) {
            batch.forEach(this::runAlone);
            return true;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result.complete(split.get(i));
        }
        return false;
    }

    /** Whether a combined run's failure may be due to one caller's inputs, so rerun each alone. */
    private static boolean blameOneRequest(ErrorCode code) {
        return switch (code) {
            case INVALID_PARAMETER_VALUE, BAD_REQUEST, INTERNAL_ERROR -> true;
            case RESOURCE_ALREADY_EXISTS, RESOURCE_DOES_NOT_EXIST, ENDPOINT_NOT_FOUND, PERMISSION_DENIED,
                    UNAUTHENTICATED, RESOURCE_CONFLICT, REQUEST_LIMIT_EXCEEDED, RESOURCE_EXHAUSTED,
                    INVALID_STATE, NOT_IMPLEMENTED, TEMPORARILY_UNAVAILABLE -> false;
        };
    }

    private void runAlone(Pending pending) {
        try {
            pending.result.complete(call(pending.kind, pending.inputs, pending.outputs));
        } catch (RuntimeException | Error e) {
            pending.result.completeExceptionally(e);
        }
    }

    private Map<String, ModelOutput> call(Kind kind, Map<String, Tensor> inputs, List<String> outputs) {
        return switch (kind) {
            case INFER -> new LinkedHashMap<>(delegate.infer(inputs, outputs));
            case PREDICT -> delegate.predict(inputs);
        };
    }

    private static Map<String, Tensor> concatenate(List<Pending> batch, int totalRows) {
        Map<String, Tensor> combined = new LinkedHashMap<>();
        for (Tensor first : batch.get(0).inputs.values()) {
            long[] shape = first.shape();
            shape[0] = totalRows;
            int total = 0;
            for (Pending pending : batch) {
                total += pending.inputs.get(first.name()).size();
            }
            Object data = Array.newInstance(first.datatype().arrayType().getComponentType(), total);
            int offset = 0;
            for (Pending pending : batch) {
                Tensor part = pending.inputs.get(first.name());
                System.arraycopy(part.data(), 0, data, offset, part.size());
                offset += part.size();
            }
            combined.put(first.name(), new Tensor(first.name(), first.datatype(), shape, data));
        }
        return combined;
    }

    /** Each caller's rows of every output, or null when some output cannot be cut by rows. */
    private static List<Map<String, ModelOutput>> split(Map<String, ModelOutput> outputs, List<Pending> batch,
            int totalRows) {
        List<Map<String, ModelOutput>> parts = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            parts.add(new LinkedHashMap<>());
        }
        for (ModelOutput output : outputs.values()) {
            switch (output) {
                case Tensor tensor -> {
                    long[] shape = tensor.shape();
                    if (shape.length == 0 || shape[0] != totalRows) {
                        return null;
                    }
                    int perRow = tensor.size() / totalRows;
                    Class<?> component = tensor.datatype().arrayType().getComponentType();
                    int row = 0;
                    for (int i = 0; i < batch.size(); i++) {
                        int rows = batch.get(i).rows;
                        Object data = Array.newInstance(component, rows * perRow);
                        System.arraycopy(tensor.data(), row * perRow, data, 0, rows * perRow);
                        long[] partShape = shape.clone();
                        partShape[0] = rows;
                        parts.get(i).put(tensor.name(), new Tensor(tensor.name(), tensor.datatype(), partShape, data));
                        row += rows;
                    }
                }
                case MapSequence sequence -> {
                    if (sequence.rows().size() != totalRows) {
                        return null;
                    }
                    int row = 0;
                    for (int i = 0; i < batch.size(); i++) {
                        int rows = batch.get(i).rows;
                        parts.get(i).put(sequence.name(),
                                new MapSequence(sequence.name(), sequence.rows().subList(row, row + rows)));
                        row += rows;
                    }
                }
            }
        }
        return parts;
    }

    /** After the loop ends (normally only when drained), nothing may wait forever. */
    private void failQueued() {
        lock.lock();
        try {
            closing = true;
            for (Pending pending : queue) {
                pending.result.completeExceptionally(
                        new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Model is unloading"));
            }
            queue.clear();
            queueDepth = 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "DynamicBatcher[" + config + ", batchable=" + batchable + ", " + stats() + "]";
    }
}
