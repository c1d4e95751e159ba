package io.capstan.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Capstan as a separate OS process (the packaged {@code app/target/capstan-app.jar}) is killed
 * with SIGKILL while writers log metrics and an upload is in flight; restarted on the same SQLite
 * store and artifact directory, it must still hold every write it acknowledged with a 200, the
 * artifact uploaded before the kill intact, and no partial file in any listing.
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS)
class KillNineDurabilityTest {
    private static final Pattern LISTENING = Pattern.compile("Capstan listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final int WRITERS = 4;
    private static final int KEYS_PER_BATCH = 4;
    private static final long WRITE_MILLIS_BEFORE_KILL = 4_000;
    private static final int ARTIFACT_BYTES = 3 * 1024 * 1024 + 17;

    @TempDir
    Path tmp;
    private final List<Process> processes = new ArrayList<>();
    private final AtomicBoolean stopSlowUpload = new AtomicBoolean();

    @AfterEach
    void destroyChildren() throws InterruptedException {
        stopSlowUpload.set(true);
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** One writer's run and the (key, step) points the server acknowledged, in order. */
    private static final class Writer {
        final String runId;
        final List<Long> ackedSteps = new ArrayList<>();
        volatile String unexpected;

        Writer(String runId) {
            this.runId = runId;
        }
    }

    @Test
    void acknowledgedWritesAndArtifactsSurviveSigkill() throws Exception {
        Path db = tmp.resolve("store.db");
        Path artifacts = tmp.resolve("artifacts");

        // ---- first life
        Process first = launch(db, artifacts, "first");
        String base = "http://127.0.0.1:" + awaitPort(first, tmp.resolve("first.log"));
        CompatHttp setup = new CompatHttp(base);
        String experimentId = setup.createExperiment("kill-nine");
        List<Writer> writers = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) {
            writers.add(new Writer(setup.createRun(experimentId, "killed-" + t)));
        }
        String artifactRun = writers.getFirst().runId;
        String artifactDir = experimentId + "/" + artifactRun + "/artifacts/model";

        AtomicBoolean stopWriters = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1, r -> {
            Thread thread = new Thread(r, "kill-nine-writer");
            thread.setDaemon(true);
            return thread;
        });
        CompletableFuture<HttpResponse<String>> slowUpload;
        HttpClient slowClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool).build();
        byte[] content = new byte[ARTIFACT_BYTES];
        new Random(42).nextBytes(content);
        boolean partialOnDiskAtKill;
        try {
            List<Future<?>> running = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (Writer w : writers) {
                running.add(pool.submit(() -> {
                    write(new CompatHttp(base), w, stopWriters, deadline);
                    return null;
                }));
            }
            long writeStart = System.nanoTime();
            Thread.sleep(WRITE_MILLIS_BEFORE_KILL / 3);

            HttpResponse<String> put = upload(setup.http(), base, artifactDir + "/blob.bin", content);
            assertThat(put.statusCode()).as("artifact upload: %s", put.body()).isEqualTo(200);

            // an upload that is still streaming when the server dies
            HttpRequest partial = HttpRequest.newBuilder(artifactUri(base, artifactDir + "/partial.bin"))
                    .timeout(Duration.ofSeconds(120))
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new SlowStream(stopSlowUpload)))
                    .build();
            slowUpload = slowClient.sendAsync(partial, HttpResponse.BodyHandlers.ofString());

            long remaining = WRITE_MILLIS_BEFORE_KILL - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - writeStart);
            Thread.sleep(Math.max(1_000, remaining));
            partialOnDiskAtKill = hasTempFiles(artifacts);

            first.destroyForcibly(); // SIGKILL on Linux
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("killed server exited").isTrue();
            stopWriters.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            stopWriters.set(true);
            stopSlowUpload.set(true);
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        assertThat(first.exitValue()).as("exit status of a SIGKILLed JVM").isEqualTo(137);
        boolean slowUploadSucceeded = slowUpload.isDone() && !slowUpload.isCompletedExceptionally()
                && slowUpload.getNow(null).statusCode() == 200;
        assertThat(slowUploadSucceeded).as("the in-flight upload cannot have succeeded").isFalse();
        for (Writer w : writers) {
            assertThat(w.unexpected).as("writer %s saw an error answer before the kill", w.runId).isNull();
            assertThat(w.ackedSteps).as("writes acknowledged for %s", w.runId).isNotEmpty();
        }
        long acked = writers.stream().mapToLong(w -> w.ackedSteps.size()).sum();

        // ---- second life on the same store
        long restart = System.nanoTime();
        Process second = launch(db, artifacts, "second");
        String base2 = "http://127.0.0.1:" + awaitPort(second, tmp.resolve("second.log"));
        double restartSeconds = (System.nanoTime() - restart) / 1e9;
        CompatHttp reader = new CompatHttp(base2);

        int extra = 0;
        for (Writer w : writers) {
            long lastAcked = w.ackedSteps.getLast();
            for (int k = 0; k < KEYS_PER_BATCH; k++) {
                Map<Long, Double> history = reader.history(w.runId, "m" + k);
                TreeSet<Long> missing = new TreeSet<>(w.ackedSteps);
                missing.removeAll(history.keySet());
                assertThat(missing).as("acknowledged steps of %s/m%d lost by the kill (of %d)", w.runId, k,
                        w.ackedSteps.size()).isEmpty();
                for (long step : w.ackedSteps) {
                    assertThat(history.get(step)).as("%s/m%d@%d", w.runId, k, step).isEqualTo(value(step, k));
                }
                TreeSet<Long> unacknowledged = new TreeSet<>(history.keySet());
                w.ackedSteps.forEach(unacknowledged::remove);
                // only the one request in flight at the kill may have landed without an answer
                assertThat(unacknowledged).as("steps of %s/m%d nobody acknowledged", w.runId, k)
                        .isSubsetOf(List.of(lastAcked + 1));
                extra += unacknowledged.size();
            }
        }

        HttpResponse<byte[]> download = setup.http().send(HttpRequest.newBuilder(
                artifactUri(base2, artifactDir + "/blob.bin")).timeout(CompatHttp.REQUEST_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(sha256(download.body())).as("artifact content after the kill").isEqualTo(sha256(content));
        assertThat(download.body()).hasSize(ARTIFACT_BYTES);

        JsonNode listing = reader.getPath("/api/2.0/mlflow-artifacts/artifacts", Map.of("path", artifactDir))
                .okJson("artifact listing");
        assertThat(names(listing)).as("listing of %s", artifactDir).containsExactly("blob.bin");
        assertThat(listing.at("/files/0/file_size").asLong()).isEqualTo(ARTIFACT_BYTES);
        for (String dir : List.of("", experimentId, experimentId + "/" + artifactRun,
                experimentId + "/" + artifactRun + "/artifacts")) {
            JsonNode level = reader.getPath("/api/2.0/mlflow-artifacts/artifacts", Map.of("path", dir))
                    .okJson("artifact listing of '" + dir + "'");
            assertThat(names(level)).as("listing of '%s'", dir).hasSize(1)
                    .allSatisfy(name -> assertThat(name).doesNotStartWith(".").doesNotEndWith(".part")
                            .doesNotEndWith(".tmp"));
        }
        JsonNode runListing = reader.get("artifacts/list", Map.of("run_id", artifactRun, "path", "model"))
                .okJson("run artifact listing");
        assertThat(names(runListing)).containsExactly("model/blob.bin");
        assertThat(reader.getPath("/api/2.0/mlflow-artifacts/artifacts/" + artifactDir + "/partial.bin", Map.of())
                .status()).as("the upload cut by the kill").isEqualTo(404);
        assertThat(artifacts.resolve(artifactDir).resolve("partial.bin")).doesNotExist();

        System.out.printf(Locale.ROOT, "KillNineDurabilityTest: %d writers, %d acknowledged batches (%d points) "
                        + "before SIGKILL, all present after restart; %d unacknowledged in-flight points landed; "
                        + "partial upload temp file on disk at kill: %s, after restart: %s (hidden from listings); "
                        + "restart to first 200 took %.1f s%n",
                WRITERS, acked, acked * KEYS_PER_BATCH, extra, partialOnDiskAtKill, hasTempFiles(artifacts),
                restartSeconds);

        second.destroy();
        if (!second.waitFor(20, TimeUnit.SECONDS)) {
            second.destroyForcibly();
        }
    }

    /** Each writer logs batches of {@value #KEYS_PER_BATCH} metrics at consecutive steps until stopped. */
    private static void write(CompatHttp http, Writer w, AtomicBoolean stop, long deadlineNanos)
            throws InterruptedException {
        for (long step = 0; !stop.get() && System.nanoTime() < deadlineNanos; step++) {
            ObjectNode body = CompatHttp.object().put("run_id", w.runId);
            ArrayNode metrics = body.putArray("metrics");
            long now = System.currentTimeMillis();
            for (int k = 0; k < KEYS_PER_BATCH; k++) {
                metrics.addObject().put("key", "m" + k).put("value", value(step, k)).put("timestamp", now)
                        .put("step", step);
            }
            CompatHttp.Reply reply;
            try {
                reply = http.post("runs/log-batch", body);
            } catch (IOException e) {
                return; // the server is gone: this write may or may not have landed
            }
            if (!reply.ok()) {
                w.unexpected = "step " + step + " -> " + reply.status() + " " + reply.body();
                return;
            }
            w.ackedSteps.add(step);
        }
    }

    private static double value(long step, int key) {
        return step + key / 8.0;
    }

    private Process launch(Path db, Path artifacts, String name) throws IOException {
        Path jar = appJar();
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xmx256m", "-jar", jar.toString(), "server",
                "--host", "127.0.0.1", "--port", "0",
                "--backend-store-uri", "sqlite:///" + db.toAbsolutePath(),
                "--artifacts-destination", artifacts.toAbsolutePath().toString(),
                "--default-artifact-root", "mlflow-artifacts:/",
                "--sqlite-synchronous", "FULL");
        // no capstan.yaml or CAPSTAN_* from the surroundings may change the configuration
        builder.directory(tmp.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CAPSTAN_"));
        builder.redirectErrorStream(true);
        builder.redirectOutput(tmp.resolve(name + ".log").toFile());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** The port the server prints once it listens; fails with its log if it dies or takes too long. */
    private static int awaitPort(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            Matcher m = LISTENING.matcher(text);
            if (m.find()) {
                int port = Integer.parseInt(m.group(1));
                CompatHttp.Reply health = new CompatHttp("http://127.0.0.1:" + port).getPath("/health", Map.of());
                assertThat(health.status()).as("health of the started server").isEqualTo(200);
                return port;
            }
            if (!process.isAlive()) {
                fail("Capstan exited with %d before listening:%n%s", process.exitValue(), text);
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        return fail("Capstan did not listen within %s:%n%s", STARTUP_TIMEOUT, Files.readString(log));
    }

    /**
     * The packaged server: {@code app/target/capstan-app.jar} with {@code lib/} beside it, found
     * from this module's base directory upwards.
     */
    static Path appJar() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path jar = d.resolve("app/target/capstan-app.jar");
            if (Files.isRegularFile(jar) && Files.isDirectory(d.resolve("app/target/lib"))) {
                return jar;
            }
        }
        return fail("No app/target/capstan-app.jar (with lib/) above %s; build it first: "
                + "mvn -pl compat/java -am install -DskipTests", dir);
    }

    private static URI artifactUri(String base, String path) {
        return URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/" + path);
    }

    private static HttpResponse<String> upload(HttpClient http, String base, String path, byte[] content)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(artifactUri(base, path)).timeout(CompatHttp.REQUEST_TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> names(JsonNode listing) {
        List<String> names = new ArrayList<>();
        for (JsonNode f : listing.path("files")) {
            names.add(f.path("path").asText());
        }
        return names;
    }

    /** Informational: whether the server had any work file under its artifact root. */
    private static boolean hasTempFiles(Path artifacts) throws IOException {
        Path temp = artifacts.resolve(".capstan-tmp");
        if (!Files.isDirectory(temp)) {
            return false;
        }
        try (Stream<Path> files = Files.list(temp)) {
            return files.findAny().isPresent();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** 64 KiB every 20 ms, never ending on its own: the body of an upload the kill cuts off. */
    private static final class SlowStream extends InputStream {
        private final AtomicBoolean stop;
        private int leftInChunk;

        SlowStream(AtomicBoolean stop) {
            this.stop = stop;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (stop.get()) {
                throw new IOException("upload abandoned");
            }
            if (leftInChunk == 0) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                leftInChunk = 64 * 1024;
            }
            int n = Math.min(len, leftInChunk);
            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
            leftInChunk -= n;
            return n;
        }
    }
}
