package io.capstan.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.capstan.artifacts.local.LocalArtifactStore;
import io.capstan.core.IdGenerator;
import io.capstan.registry.RegistryService;
import io.capstan.store.sql.Database;
import io.capstan.store.sql.DatabaseOptions;
import io.capstan.store.sql.SqlExperimentStore;
import io.capstan.store.sql.SqlLoggedModelStore;
import io.capstan.store.sql.SqlRegistryStore;
import io.capstan.store.sql.SqlRunStore;
import io.capstan.tracking.ExperimentService;
import io.capstan.tracking.LoggedModelService;
import io.capstan.tracking.RunService;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real Capstan server for route tests: SQLite stores in a temporary directory, the tracking
 * and registry services, the local artifact store and every server-module route, on a free loopback port, wired
 * the way {@code app}'s composition root wires them. Talks HTTP with {@link HttpClient} or, for
 * request targets HttpClient refuses to send, a raw socket.
 */
final class LiveServer implements AutoCloseable {
    /** Parses responses strictly: a bare NaN token or trailing garbage is an error. */
    static final ObjectMapper STRICT = JsonMapper.builder().build();
    /** A DELETE route that echoes its JSON body's {@code name}, to test body reading on DELETE. */
    static final String ECHO_DELETE = "/test/echo-delete";

    final Path dir;
    final Path artifactRoot;
    final ExperimentService experiments;
    final RunService runs;
    final LoggedModelService models;
    final RegistryService registry;
    final LocalArtifactStore artifacts;
    private final Database database;
    private final CapstanServer server;
    private final HttpClient http;
    private final String base;

    private LiveServer(Path dir, long seed) throws Exception {
        this.dir = dir;
        Clock clock = new TickingClock(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli());
        IdGenerator ids = IdGenerator.fromRandom(new Random(seed));
        // NORMAL: these databases are throw-away, and fsync per commit would dominate test time
        DatabaseOptions defaults = DatabaseOptions.defaults();
        database = Database.open("sqlite:///" + dir.resolve("t.db"), new DatabaseOptions(defaults.readPoolSize(),
                defaults.postgresPoolSize(), defaults.maxGroupSize(), "NORMAL"));
        artifactRoot = dir.resolve("artifacts");
        artifacts = new LocalArtifactStore(artifactRoot, ids);
        experiments = new ExperimentService(new SqlExperimentStore(database, "mlflow-artifacts:/0", clock.millis()), clock,
                "mlflow-artifacts:/");
        runs = new RunService(new SqlRunStore(database), experiments, clock, ids);
        models = new LoggedModelService(new SqlLoggedModelStore(database), experiments, clock, ids);
        registry = new RegistryService(new SqlRegistryStore(database), runs, models, clock);

        Router router = new Router();
        new HealthRoutes().register(router);
        new ExperimentRoutes(experiments).register(router);
        new RunRoutes(runs).register(router);
        new LoggedModelRoutes(models, artifacts).register(router);
        new ArtifactRoutes(artifacts, runs).register(router);
        new RegistryRoutes(registry, artifacts).register(router);
        registerMonitoring(router, clock, ids);
        router.add("DELETE", ECHO_DELETE, ex -> ex.json(Exchange.object().put("name", ex.input().string("name"))));

        server = new CapstanServer("127.0.0.1", 0, 32, router);
        server.start();
        base = "http://127.0.0.1:" + server.port();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** The reference table monitors of this server may name: {@code "ref"}, columns {@code a} (numbers) and {@code b}. */
    static final String REFERENCE = "ref";

    /**
     * Monitors and alerts over the same database; no served traffic and no dataset on disk, so that
     * every route answers from the store and no evaluation reaches outside.
     */
    private void registerMonitoring(Router router, Clock clock, IdGenerator ids) {
        io.capstan.monitoring.table.InMemoryTables references = new io.capstan.monitoring.table.InMemoryTables();
        references.put(REFERENCE, io.capstan.monitoring.table.Table.of(
                io.capstan.monitoring.table.NumberColumn.ofDoubles("a", 1, 2, 3, 4),
                io.capstan.monitoring.table.StringColumn.of("b", "x", "y", "x", "z")));
        io.capstan.monitoring.spi.ServedTraffic noTraffic = new io.capstan.monitoring.spi.ServedTraffic() {
            @Override
            public boolean recorded() {
                return true;
            }

            @Override
            public java.util.stream.Stream<io.capstan.monitoring.spi.ServedRequest> read(String deployment,
                    Instant from, Instant to) {
                return java.util.stream.Stream.empty();
            }
        };
        io.capstan.monitoring.spi.WindowedTables noDatasets = (location, column, from, to) -> {
            throw io.capstan.core.CapstanException.notFound("No dataset at %s", location);
        };
        monitorStore = new io.capstan.store.sql.SqlMonitorStore(database);
        monitors = new io.capstan.monitoring.monitor.MonitorService(monitorStore,
                new io.capstan.store.sql.SqlGroundTruthStore(database), noTraffic, noDatasets, references,
                io.capstan.monitoring.spi.MonitorMetrics.NONE, java.util.concurrent.ForkJoinPool.commonPool(), clock,
                "live-server");
        alerts = new io.capstan.monitoring.alert.AlertService(new io.capstan.store.sql.SqlAlertStore(database),
                monitorStore, io.capstan.monitoring.spi.DeployedModels.NONE, (url, body, headers) -> 200,
                io.capstan.monitoring.spi.RetrainCommands.NONE, Runnable::run, io.capstan.monitoring.spi.MonitorMetrics.NONE,
                clock, ids, "live-server");
        new MonitorRoutes(monitors).register(router);
        new AlertRoutes(alerts).register(router);
    }

    io.capstan.monitoring.monitor.MonitorService monitors;
    io.capstan.monitoring.alert.AlertService alerts;
    io.capstan.store.sql.SqlMonitorStore monitorStore;

    static LiveServer start(Path dir, long seed) throws Exception {
        return new LiveServer(dir, seed);
    }

    int port() {
        return server.port();
    }

    Reply get(String target) {
        return send("GET", target, null, null);
    }

    Reply post(String target, String json) {
        return send("POST", target, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    Reply patch(String target, String json) {
        return send("PATCH", target, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    Reply delete(String target, String json) {
        return send("DELETE", target, json == null ? null : "application/json",
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    Reply put(String target, byte[] body) {
        return send("PUT", target, "application/octet-stream", body);
    }

    /** Sends a request; {@code target} is the already-encoded path and query. */
    Reply send(String method, String target, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + target)).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.getFirst()));
            return new Reply(method + " " + target, response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + target + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Sends {@code target} byte for byte on a socket (HttpClient refuses backslashes, raw
     * {@code ..} stays as typed here, and so on).
     */
    Reply raw(String method, String target, byte[] body) {
        return raw(method, target, "application/json", body);
    }

    /** {@link #raw(String, String, byte[])} with a chosen Content-Type (none when null). */
    Reply raw(String method, String target, String contentType, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nConnection: close\r\n" + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                    + "Content-Length: "
                    + (body == null ? 0 : body.length) + "\r\n\r\n";
            try {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // the server may answer (say, 400 for a bad Content-Type) and close before reading the
                // whole body; its answer is still there to read
            }
            byte[] all = readAll(socket.getInputStream());
            return parseRaw(method + " " + target, all);
        } catch (IOException e) {
            throw new AssertionError(method + " " + target + " failed: " + e, e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toByteArray();
    }

    private static Reply parseRaw(String request, byte[] all) {
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError(request + ": no HTTP response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Reply(request, status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < chunked.length) {
            int lineEnd = pos;
            while (lineEnd + 1 < chunked.length && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            int size = Integer.parseInt(new String(chunked, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            database.close();
        }
    }

    /** One HTTP answer. */
    record Reply(String request, int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean isJson() {
            String type = header("content-type");
            return type != null && type.startsWith("application/json");
        }

        /** The body parsed strictly; fails the test when it is not JSON. */
        JsonNode json() {
            try {
                return STRICT.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(request + " -> " + status + ": body is not strict JSON: " + text(), e);
            }
        }

        @Override
        public String toString() {
            return printable(request, 600) + " -> " + status + " " + printable(text(), 400);
        }
    }

    /** A clock that moves forward one millisecond per reading: deterministic and strictly increasing. */
    static final class TickingClock extends Clock {
        private final AtomicLong millis;

        TickingClock(long startMillis) {
            this.millis = new AtomicLong(startMillis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis.incrementAndGet();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }
    }

    /** The text cut to {@code max} characters with control characters escaped (reports are XML). */
    static String printable(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return text.length() > max ? out + "..." : out.toString();
    }

    static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
