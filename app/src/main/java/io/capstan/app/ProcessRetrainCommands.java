package io.capstan.app;

import static java.util.Objects.requireNonNull;

import io.capstan.monitoring.spi.RetrainCommands;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The retrain commands given to {@code capstan server} ({@code --retrain-command NAME=COMMAND}): each
 * runs as a process (no shell; the command is split at spaces), in the server's working directory,
 * with the request in its environment, killed after the timeout. The last 4 KiB of its output are
 * kept. Thread-safe.
 */
final class ProcessRetrainCommands implements RetrainCommands {
    private static final int KEPT_OUTPUT = 4096;

    private final Map<String, List<String>> commands;
    private final Duration timeout;

    ProcessRetrainCommands(Map<String, List<String>> commands, Duration timeout) {
        this.commands = Collections.unmodifiableMap(new LinkedHashMap<>(commands));
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /**
     * Reads {@code NAME=COMMAND [ARGS…]} entries.
     *
     * @throws IllegalArgumentException naming the entry that is wrong
     */
    static Map<String, List<String>> parse(List<String> entries) {
        Map<String, List<String>> commands = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            List<String> argv = eq < 0 ? List.of() : Arrays.stream(entry.substring(eq + 1).trim().split("\\s+"))
                    .filter(s -> !s.isEmpty()).toList();
            if (!name.matches("[A-Za-z0-9._-]{1,64}") || argv.isEmpty()) {
                throw new IllegalArgumentException("a retrain command is NAME=COMMAND [ARGS...] (NAME: letters, digits, "
                        + "'.', '_' or '-'), got '" + entry + "'");
            }
            commands.put(name, argv);
        }
        return commands;
    }

    @Override
    public Set<String> names() {
        return commands.keySet();
    }

    @Override
    public Outcome run(String name, Map<String, String> environment) {
        List<String> argv = commands.get(name);
        if (argv == null) {
            throw new IllegalArgumentException("no retrain command '" + name + "' is configured");
        }
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(argv)).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Outcome(false, "could not start " + argv.get(0) + ": " + e.getMessage());
        }
        Tail tail = new Tail(process.getInputStream());
        Thread reader = Thread.ofVirtual().start(tail);
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
                reader.join(1000);
                return new Outcome(false, tail.text() + "\n[killed after " + timeout.toSeconds() + " s]");
            }
            reader.join(1000);
            int status = process.exitValue();
            return new Outcome(status == 0, tail.text() + "\n[exit " + status + "]");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Outcome(false, tail.text() + "\n[interrupted]");
        }
    }

    /** Keeps the last bytes of a stream. */
    private static final class Tail implements Runnable {
        private final InputStream in;
        private final byte[] ring = new byte[KEPT_OUTPUT];
        private long written;

        Tail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            ring[(int) (written++ % KEPT_OUTPUT)] = buffer[i];
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process went away; what was read is kept
            }
        }

        synchronized String text() {
            int size = (int) Math.min(written, KEPT_OUTPUT);
            byte[] out = new byte[size];
            for (int i = 0; i < size; i++) {
                out[i] = ring[(int) ((written - size + i) % KEPT_OUTPUT)];
            }
            return new String(out, StandardCharsets.UTF_8).strip();
        }
    }
}
