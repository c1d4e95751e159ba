package io.capstan.serving.inferencelog;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The inference log as JSON Lines files in one directory: one line per record (see
 * {@link InferenceRecord} for the fields), one file per {@link Rotation} period named after it
 * ({@code inference-20250301-14.jsonl}), the period chosen by the record's own timestamp.
 *
 * <p><b>Durability: nothing acknowledged is lost.</b> One writer thread takes every queued record
 * it can (group commit), writes them, forces the files to disk ({@link FileChannel#force}) and
 * only then acknowledges them: in {@link Durability#SYNC} mode {@link #append} returns
 * {@link AppendOutcome#WRITTEN} after that. Concurrent appends share one fsync, so the cost of
 * durability is amortised under load. A new file's directory is forced too, so the file itself
 * survives a power cut. {@link Durability#ASYNC} returns {@link AppendOutcome#QUEUED} at once and
 * promises nothing until {@link #close}.
 *
 * <p><b>Crash repair.</b> A crash can leave a file's last line torn (never acknowledged, since
 * acknowledgement follows the force). Opening a file for appending cuts it back to its last
 * newline so new lines never glue onto a torn one; a failed write is cut back the same way.
 * {@link #read} skips a torn last line, so a reader running during writes or after a crash works.
 *
 * <p><b>Back-pressure.</b> The queue holds at most {@code queueCapacity} records. When it is
 * full, {@code append} waits up to {@code enqueueTimeout} for room, then gives up: the record is
 * {@link AppendOutcome#DROPPED} and counted. Serving never stalls behind a slow disk for longer
 * than that, and memory stays bounded.
 *
 * <p><b>Sampling</b> happens first, by {@link RequestSampler} on the request id: a record sampled
 * out costs no encoding and no I/O.
 *
 * <p>Thread-safe. The writer thread comes from the {@link ThreadFactory} given to the
 * constructor.
 */
public final class FileInferenceLog implements InferenceLog {
    private static final int MAX_GROUP = 1024;
    private static final int OPEN_FILES = 2;

    private final FileInferenceLogConfig config;
    private final InferenceRecordJson json = new InferenceRecordJson();
    private final BlockingQueue<Entry> queue;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;
    private final Thread writer;
    private final CountDownLatch writerDone = new CountDownLatch(1);
    /** Open files by name, least recently used first; only the writer thread touches it. */
    private final Map<String, FileChannel> channels = new LinkedHashMap<>(4, 0.75f, true);

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong sampledOut = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private record Entry(String fileName, byte[] line, CompletableFuture<AppendOutcome> done) {
    }

    /**
     * Creates the directory if needed and starts the writer thread.
     *
     * @param config not null
     * @param threads makes the one writer thread; not null
     * @throws CapstanException INTERNAL_ERROR when the directory cannot be created
     */
    public FileInferenceLog(FileInferenceLogConfig config, ThreadFactory threads) {
        this.config = requireNonNull(config, "config is null");
        requireNonNull(threads, "threads is null");
        try {
            Files.createDirectories(config.directory());
        } catch (IOException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, e,
                    "Cannot create inference log directory " + config.directory() + ": " + e.getMessage());
        }
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.writer = requireNonNull(threads.newThread(this::writeLoop), "thread factory gave null");
        writer.start();
    }

    /**
     * Samples, encodes and queues the record; in SYNC mode waits until it is durable.
     *
     * @return {@link AppendOutcome#WRITTEN} (durable) or {@link AppendOutcome#FAILED} in SYNC
     *     mode, {@link AppendOutcome#QUEUED} in ASYNC mode, or {@link AppendOutcome#SAMPLED_OUT}
     *     or {@link AppendOutcome#DROPPED} in either
     * @throws IllegalStateException after {@link #close}
     */
    @Override
    public AppendOutcome append(InferenceRecord record) {
        requireNonNull(record, "record is null");
        if (!config.sampler().sampled(record.requestId())) {
            sampledOut.incrementAndGet();
            return AppendOutcome.SAMPLED_OUT;
        }
        Entry entry = new Entry(config.rotation().fileName(record.timestamp()), json.line(record),
                new CompletableFuture<>());
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("The inference log is closed");
            }
            if (!queue.offer(entry, config.enqueueTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                dropped.incrementAndGet();
                return AppendOutcome.DROPPED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dropped.incrementAndGet();
            return AppendOutcome.DROPPED;
        } finally {
            lifecycle.readLock().unlock();
        }
        return switch (config.durability()) {
            // the writer always completes the future, also when it fails or shuts down
            case SYNC -> entry.done().join();
            case ASYNC -> AppendOutcome.QUEUED;
        };
    }

    /** The counters now. */
    public InferenceLogStats stats() {
        return new InferenceLogStats(written.get(), sampledOut.get(), dropped.get(), failed.get(), queue.size());
    }

    /** The configuration this log runs with. */
    public FileInferenceLogConfig config() {
        return config;
    }

    /**
     * Stops accepting records, writes and forces everything queued, stops the writer and closes
     * the files. Idempotent; never throws; waits even if interrupted (the flag is restored).
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        boolean interrupted = false;
        while (true) {
            try {
                writerDone.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // --- writing -------------------------------------------------------------------------------

    private void writeLoop() {
        List<Entry> group = new ArrayList<>();
        boolean interrupted = false;
        try {
            while (true) {
                Entry first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (isClosed() && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                group.clear();
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                writeGroup(group);
            }
        } catch (InterruptedException e) {
            // only close() ends the writer; an interrupt means the process is going down. The
            // flag is restored after the final flush: an interrupted thread cannot use a FileChannel
            interrupted = true;
        } catch (RuntimeException | Error e) {
            group.forEach(entry -> fail(entry));
            throw e;
        } finally {
            // nothing may wait forever: whatever is still queued is answered
            lifecycle.writeLock().lock();
            try {
                closed = true;
            } finally {
                lifecycle.writeLock().unlock();
            }
            if (!queue.isEmpty()) {
                List<Entry> rest = new ArrayList<>();
                queue.drainTo(rest);
                writeGroup(rest);
            }
            channels.values().forEach(FileInferenceLog::closeQuietly);
            channels.clear();
            writerDone.countDown();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean isClosed() {
        lifecycle.readLock().lock();
        try {
            return closed;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Writes a group file by file, forces each file, then acknowledges. */
    private void writeGroup(List<Entry> group) {
        Map<String, List<Entry>> byFile = new LinkedHashMap<>();
        for (Entry entry : group) {
            byFile.computeIfAbsent(entry.fileName(), f -> new ArrayList<>()).add(entry);
        }
        for (Map.Entry<String, List<Entry>> file : byFile.entrySet()) {
            List<Entry> entries = file.getValue();
            int size = 0;
            for (Entry entry : entries) {
                size += entry.line().length;
            }
            ByteBuffer buffer = ByteBuffer.allocate(size);
            entries.forEach(entry -> buffer.put(entry.line()));
            buffer.flip();
            FileChannel channel = null;
            long before = -1;
            try {
                channel = channel(file.getKey());
                before = channel.size();
                channel.position(before);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            } catch (IOException | RuntimeException e) {
                if (channel != null && before >= 0) {
                    // never leave a half-written line for the next group to glue onto
                    try {
                        channel.truncate(before);
                    } catch (IOException ignored) {
                        // the repair on reopening will cut it
                    }
                }
                FileChannel broken = channels.remove(file.getKey());
                if (broken != null) {
                    closeQuietly(broken);
                }
                entries.forEach(this::fail);
                continue;
            }
            written.addAndGet(entries.size());
            entries.forEach(entry -> entry.done().complete(AppendOutcome.WRITTEN));
        }
    }

    private void fail(Entry entry) {
        if (entry.done().complete(AppendOutcome.FAILED)) {
            failed.incrementAndGet();
        }
    }

    private FileChannel channel(String fileName) throws IOException {
        FileChannel channel = channels.get(fileName);
        if (channel != null) {
            return channel;
        }
        Path path = config.directory().resolve(fileName);
        boolean created = !Files.exists(path);
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            cutTornTail(channel);
            if (created) {
                forceDirectory();
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
        channels.put(fileName, channel);
        if (channels.size() > OPEN_FILES) {
            Iterator<FileChannel> eldest = channels.values().iterator();
            closeQuietly(eldest.next());
            eldest.remove();
        }
        return channel;
    }

    /** Cuts the file back to just after its last newline: a crash may have torn the last line. */
    static void cutTornTail(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return;
        }
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - chunk.capacity());
            chunk.clear().limit((int) (end - start));
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, start + chunk.position()) < 0) {
                    throw new IOException("file shrank while reading");
                }
            }
            for (int i = chunk.limit() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    long keep = start + i + 1;
                    if (keep < size) {
                        channel.truncate(keep);
                        channel.force(false);
                    }
                    return;
                }
            }
            end = start;
        }
        channel.truncate(0);
        channel.force(false);
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(config.directory(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // not every platform can open a directory; the file's data is forced regardless
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing after a force loses nothing
        }
    }

    // --- reading -------------------------------------------------------------------------------

    /** {@inheritDoc} Reads the files on disk, so it also reads logs written by other processes. */
    @Override
    public Stream<InferenceRecord> read(Instant from, Instant to) {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        return read(config.directory(), from, to);
    }

    /**
     * Reads a log directory without opening it for writing (for monitors and tools); see
     * {@link InferenceLog#read}. A missing directory reads as empty.
     */
    public static Stream<InferenceRecord> read(Path directory, Instant from, Instant to) {
        requireNonNull(directory, "directory is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        List<Path> files = new ArrayList<>();
        List<Rotation.Period> periods = new ArrayList<>();
        try (Stream<Path> listing = Files.list(directory)) {
            listing.forEach(path -> {
                Optional<Rotation.Period> period = Rotation.parse(path.getFileName().toString());
                if (period.isPresent() && period.get().overlaps(from, to)) {
                    files.add(path);
                    periods.add(period.get());
                }
            });
        } catch (NoSuchFileException e) {
            return Stream.empty();
        } catch (IOException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, e, "Cannot list inference log " + directory);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            order.add(i);
        }
        // oldest period first; a daily file before the hourly ones of its day; then by name
        order.sort(Comparator.<Integer, Instant>comparing(i -> periods.get(i).start())
                .thenComparing(i -> periods.get(i).rotation() == Rotation.HOURLY)
                .thenComparing(i -> files.get(i).getFileName().toString()));
        InferenceRecordJson json = new InferenceRecordJson();
        return order.stream()
                .map(files::get)
                .flatMap(file -> lines(file, json))
                .filter(record -> !record.timestamp().isBefore(from) && record.timestamp().isBefore(to));
    }

    private static Stream<InferenceRecord> lines(Path file, InferenceRecordJson json) {
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 65536);
        } catch (NoSuchFileException e) {
            return Stream.empty();
        } catch (IOException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, e, "Cannot read inference log file " + file);
        }
        LineIterator lines = new LineIterator(file, in, json);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(lines, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(lines::close);
    }

    /**
     * The records of one file. A last line without its newline is a write in progress or torn by
     * a crash, and is skipped; so is a last line that does not parse. A bad line followed by
     * others is corruption and fails the read.
     */
    private static final class LineIterator implements Iterator<InferenceRecord>, AutoCloseable {
        private final Path file;
        private final InputStream in;
        private final InferenceRecordJson json;
        private byte[] buffer = new byte[4096];
        private InferenceRecord next;
        private boolean eof;
        private long lineNumber;
        /** A line that did not parse, held until we know whether it was the last one. */
        private IllegalArgumentException pendingError;

        LineIterator(Path file, InputStream in, InferenceRecordJson json) {
            this.file = file;
            this.in = in;
            this.json = json;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !eof) {
                advance();
            }
            return next != null;
        }

        @Override
        public InferenceRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            InferenceRecord record = next;
            next = null;
            return record;
        }

        private void advance() {
            int length = 0;
            boolean complete = false;
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    if (b == '\n') {
                        complete = true;
                        break;
                    }
                    if (length == buffer.length) {
                        buffer = Arrays.copyOf(buffer, buffer.length * 2);
                    }
                    buffer[length++] = (byte) b;
                }
            } catch (IOException e) {
                close();
                throw new CapstanException(ErrorCode.INTERNAL_ERROR, e, "Cannot read inference log file " + file);
            }
            if (!complete) {
                // torn or in-progress last line (or a clean end of file): skipped
                eof = true;
                close();
                return;
            }
            lineNumber++;
            if (pendingError != null) {
                close();
                throw new CapstanException(ErrorCode.INTERNAL_ERROR, pendingError,
                        "Corrupt inference log " + file + " at line " + (lineNumber - 1) + ": "
                                + pendingError.getMessage());
            }
            if (length == 0) {
                return;
            }
            try {
                next = json.parse(buffer, length);
            } catch (IllegalArgumentException e) {
                pendingError = e;
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // read-only stream
            }
        }
    }
}
