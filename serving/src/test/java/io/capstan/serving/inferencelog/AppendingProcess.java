package io.capstan.serving.inferencelog;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM of {@link KillNineTest}: appends records from several threads until killed and
 * prints each request id on stdout after {@code append} has returned WRITTEN, i.e. once the log
 * has acknowledged it.
 */
public final class AppendingProcess {
    private AppendingProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
        FileInferenceLog log = new FileInferenceLog(FileInferenceLogConfig.defaults(dir),
                r -> Thread.ofPlatform().name("inference-log").unstarted(r));
        AtomicLong counter = new AtomicLong();
        Instant base = Instant.parse("2025-03-01T10:00:00Z");
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                while (true) {
                    long n = counter.incrementAndGet();
                    String id = "req-" + n;
                    AppendOutcome outcome = log.append(Records.record(id, base.plusMillis(n)));
                    if (outcome == AppendOutcome.WRITTEN) {
                        synchronized (out) {
                            out.println(id);
                            out.flush();
                        }
                    }
                }
            });
        }
        Thread.currentThread().join();
    }
}
