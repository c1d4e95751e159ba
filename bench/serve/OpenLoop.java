import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP load generator for bench/serve.py: requests are due on a fixed schedule (one
 * every 1/RATE s), whatever the server does, and each latency is measured from the time the
 * request was DUE, not from when it could finally be sent. A server that stalls therefore pays for
 * every request that queued behind the stall (no coordinated omission), as wrk2 measures; a
 * closed-loop tool (wrk) would just send fewer requests and report the survivors' latency.
 *
 * <p>How: CONNECTIONS workers, each with one keep-alive HTTP/1.1 connection, take the next due
 * request in schedule order, wait until it is due (never spin: the machine has 2 cores, the server
 * needs them), send it and read the answer. When all connections are busy, due requests wait, and
 * that wait is part of their latency. Bounded: the schedule lasts SECONDS (at most 2,000,000
 * requests); requests not sent within DRAIN seconds after the schedule ended count as "unsent",
 * answers slower than 10 s as "timeout". Only loopback addresses are accepted.
 *
 * <p>Usage: java bench/serve/OpenLoop.java URL PATH CONTENT_TYPE BODY_FILE HEADER_LENGTH RATES SECONDS
 * [WARMUP_SECONDS] [CONNECTIONS]. RATES is a comma-separated list (requests per second), run in
 * order, each for WARMUP_SECONDS unrecorded then SECONDS recorded; the climb stops after a rate
 * where more than 1 % failed or p99 exceeded a second. HEADER_LENGTH is sent as
 * Inference-Header-Content-Length unless it is "" or "-". Prints one line per rate:
 * OPENLOOP {json} with the percentiles in milliseconds.
 */
public class OpenLoop {
    private static final int MAX_REQUESTS = 2_000_000;
    private static final int TIMEOUT_MS = 10_000;
    private static final long DRAIN_NANOS = 10_000_000_000L;

    private final String host;
    private final int port;
    /** One per worker, opened before the schedule starts and kept from warm-up to measurement. */
    private final Connection[] pool;
    private final byte[] request;
    private final long start;
    private final long interval;
    private final int total;
    private final AtomicLong next = new AtomicLong();
    /** Latency from due time to last byte read, nanoseconds; -1 = failed. Indexed by schedule position. */
    private final long[] latency;
    /** How late each request was sent after it was due, nanoseconds. */
    private final long[] sendLag;
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    private OpenLoop(String host, int port, Connection[] pool, byte[] request, long start, long interval, int total) {
        this.host = host;
        this.port = port;
        this.pool = pool;
        this.request = request;
        this.start = start;
        this.interval = interval;
        this.total = total;
        this.latency = new long[total];
        this.sendLag = new long[total];
        Arrays.fill(latency, Long.MIN_VALUE);
        Arrays.fill(sendLag, Long.MIN_VALUE);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: OpenLoop URL PATH CONTENT_TYPE BODY_FILE HEADER_LENGTH RATES SECONDS [WARMUP] "
                    + "[CONNECTIONS]");
            System.exit(2);
        }
        URI url = URI.create(args[0]);
        if (!InetAddress.getByName(url.getHost()).isLoopbackAddress()) {
            System.err.println("OpenLoop only loads servers on this machine (127.0.0.1), not " + url.getHost());
            System.exit(2);
        }
        byte[] body = Files.readAllBytes(Path.of(args[3]));
        String headerLength = args[4];
        double[] rates = Arrays.stream(args[5].split(",")).mapToDouble(Double::parseDouble).toArray();
        double seconds = Double.parseDouble(args[6]);
        double warmup = args.length > 7 ? Double.parseDouble(args[7]) : 0;
        Integer fixedConnections = args.length > 8 ? Integer.valueOf(args[8]) : null;
        if (Arrays.stream(rates).anyMatch(r -> !(r > 0)) || !(seconds > 0)
                || (fixedConnections != null && fixedConnections < 1)) {
            System.err.println("RATES and SECONDS must be positive, CONNECTIONS at least 1");
            System.exit(2);
        }
        StringBuilder head = new StringBuilder();
        head.append("POST ").append(args[1]).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n")
                .append("Content-Type: ").append(args[2]).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        if (!headerLength.isEmpty() && !headerLength.equals("-")) {
            head.append("Inference-Header-Content-Length: ").append(headerLength).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);

        // one JVM for every rate, so the generator's own code is compiled after the first
        for (double rate : rates) {
            // enough connections that they are never what limits the rate (rate x 50 ms in flight), and
            // few enough at low rates that each is reused well within a server's keep-alive timeout
            int connections = fixedConnections != null ? fixedConnections
                    : (int) Math.max(4, Math.min(64, Math.ceil(rate * 0.05)));
            long interval = Math.max(1, Math.round(1e9 / rate));
            Connection[] pool = new Connection[connections];
            for (int i = 0; i < connections; i++) {
                pool[i] = new Connection(url.getHost(), url.getPort());
            }
            if (warmup > 0) {
                run(url, pool, request, interval, (int) Math.min(MAX_REQUESTS, Math.ceil(warmup * rate)));
            }
            int total = (int) Math.min(MAX_REQUESTS, Math.ceil(seconds * rate));
            OpenLoop measured = run(url, pool, request, interval, total);
            for (Connection connection : pool) {
                close(connection);
            }
            System.out.println("OPENLOOP " + measured.report(rate, seconds, connections));
            System.out.flush();
            if (measured.hopeless()) {
                break; // higher rates only queue more: stop climbing
            }
            Thread.sleep(1_000); // let the server drain what this rate left queued
        }
    }

    /** More than 1 % failed, or p99 over a second: the server is past what it sustains. */
    private boolean hopeless() {
        long ok = Arrays.stream(latency).filter(v -> v != Long.MIN_VALUE).count();
        long[] sorted = Arrays.stream(latency).filter(v -> v != Long.MIN_VALUE).sorted().toArray();
        return ok < 0.99 * total || pct(sorted, 0.99) > 1_000;
    }

    private static OpenLoop run(URI url, Connection[] pool, byte[] request, long interval, int total)
            throws InterruptedException {
        // the first request is due shortly after the workers exist, so none starts late by construction
        OpenLoop load = new OpenLoop(url.getHost(), url.getPort(), pool, request, System.nanoTime() + 50_000_000L,
                interval, total);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < pool.length; i++) {
            int slot = i;
            workers.add(Thread.ofPlatform().name("openloop-" + i).daemon(true).start(() -> load.work(slot)));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return load;
    }

    private void work(int slot) {
        long deadline = start + interval * (long) total + DRAIN_NANOS;
        while (true) {
            long i = next.getAndIncrement();
            if (i >= total) {
                return;
            }
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long sent = System.nanoTime();
            if (sent > deadline) {
                error("unsent");
                continue;
            }
            sendLag[(int) i] = sent - due;
            try {
                int status;
                try {
                    status = connection(slot).exchange(request);
                } catch (StaleConnection e) {
                    // the server closed an idle keep-alive connection: send again on a new one
                    pool[slot] = close(pool[slot]);
                    status = connection(slot).exchange(request);
                }
                long done = System.nanoTime();
                if (status >= 200 && status < 300) {
                    latency[(int) i] = done - due;
                } else {
                    error("status " + status);
                }
                if (pool[slot].closing) {
                    pool[slot] = close(pool[slot]);
                }
            } catch (SocketTimeoutException e) {
                error("timeout");
                pool[slot] = close(pool[slot]);
            } catch (IOException | RuntimeException e) {
                error(e.getClass().getSimpleName());
                pool[slot] = close(pool[slot]);
            }
        }
    }

    private Connection connection(int slot) throws IOException {
        if (pool[slot] == null) {
            pool[slot] = new Connection(host, port);
        }
        return pool[slot];
    }

    private void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    private static Connection close(Connection connection) {
        if (connection != null) {
            try {
                connection.socket.close();
            } catch (IOException ignored) {
                // a new connection replaces it
            }
        }
        return null;
    }

    private String report(double rate, double seconds, int connections) {
        long[] ok = Arrays.stream(latency).filter(v -> v != Long.MIN_VALUE).sorted().toArray();
        long[] lag = Arrays.stream(sendLag).filter(v -> v != Long.MIN_VALUE).sorted().toArray();
        long lastDue = start + interval * (long) (total - 1);
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
        long failed = errorCounts.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder json = new StringBuilder("{");
        json.append(String.format(Locale.ROOT, "\"rate\":%.1f,\"seconds\":%.1f,\"connections\":%d,\"requests\":%d,"
                + "\"ok\":%d,\"errors\":%d,\"error_kinds\":{", rate, seconds, connections, total, ok.length, failed));
        json.append(String.join(",", errorCounts.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue()).toList()));
        json.append(String.format(Locale.ROOT, "},\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,"
                        + "\"max_ms\":%.3f,\"send_lag_p50_ms\":%.3f,\"send_lag_p99_ms\":%.3f,\"schedule_s\":%.2f,"
                        + "\"load\":%s}",
                pct(ok, 0.5), pct(ok, 0.9), pct(ok, 0.99), pct(ok, 0.999), ok.length == 0 ? -1 : ok[ok.length - 1] / 1e6,
                pct(lag, 0.5), pct(lag, 0.99), (lastDue - start) / 1e9, loadAverage()));
        return json.toString();
    }

    /** The 1-minute load average when this rate ended (the machine is shared), or -1 off Linux. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "-1";
        }
    }

    /** The q-quantile in milliseconds (nearest rank), -1 when there are no values. */
    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
    }

    /** A reused connection the server had closed before this request: nothing of an answer was read. */
    private static final class StaleConnection extends IOException {
        StaleConnection() {
            super("stale keep-alive connection");
        }
    }

    /** One keep-alive HTTP/1.1 connection: writes a request, reads one whole response. */
    private static final class Connection {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        boolean used;
        /** The server said it closes the connection after this response. */
        boolean closing;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 65536);
        }

        int exchange(byte[] request) throws IOException {
            boolean reused = used;
            used = true;
            String status;
            try {
                out.write(request);
                out.flush();
                int first = in.read();
                if (first < 0) {
                    throw reused ? new StaleConnection() : new IOException("connection closed");
                }
                status = (char) first + line();
            } catch (java.net.SocketException e) {
                if (reused) {
                    throw new StaleConnection();
                }
                throw e;
            }
            if (!status.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;

            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closing = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].strip(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].strip(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                throw new IOException("response without a length");
            }
            return code;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long skipped = in.skip(n);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed mid-response");
                    }
                    skipped = 1;
                }
                n -= skipped;
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
