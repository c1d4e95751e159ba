package io.capstan.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.protocol.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Capstan servers on one PostgreSQL database and one artifact directory behave as one:
 * what one writes the other reads, and concurrent creates through both never collide.
 * Runs when ./test-all provides a PostgreSQL (system property capstan.test.postgres.url).
 */
class SharedPostgresReplicasTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Capstan> servers = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        for (Capstan server : servers) {
            server.close();
        }
    }

    private String start(String url) throws Exception {
        Capstan capstan = Capstan.start(new CapstanConfig("127.0.0.1", 0, url, dir.resolve("artifacts"),
                "mlflow-artifacts:/", 16, "FULL", null));
        servers.add(capstan);
        return "http://127.0.0.1:" + capstan.port();
    }

    private JsonNode post(String base, String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void replicasShareOneDatabaseAndArtifactDirectory() throws Exception {
        String url = System.getProperty("capstan.test.postgres.url", "");
        Assumptions.assumeTrue(!url.isBlank() && !url.startsWith("${"), "no PostgreSQL configured");
        String a = start(url);
        String b = start(url);

        String name = "replicas-" + System.nanoTime();
        String experimentId = post(a, "/api/2.0/mlflow/experiments/create", "{\"name\":\"" + name + "\"}")
                .get("experiment_id").asText();
        JsonNode viaB = Json.mapper().readTree(send(HttpRequest.newBuilder(URI.create(
                b + "/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + name)).build()).body());
        assertThat(viaB.at("/experiment/experiment_id").asText()).isEqualTo(experimentId);

        String runId = post(b, "/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + experimentId + "\"}")
                .at("/run/info/run_id").asText();
        post(a, "/api/2.0/mlflow/runs/log-batch", "{\"run_id\":\"" + runId
                + "\",\"metrics\":[{\"key\":\"m\",\"value\":1.5,\"timestamp\":1,\"step\":0}]}");
        JsonNode run = Json.mapper().readTree(send(HttpRequest.newBuilder(URI.create(
                b + "/api/2.0/mlflow/runs/get?run_id=" + runId)).build()).body());
        assertThat(run.at("/run/data/metrics/0/value").asDouble()).isEqualTo(1.5);

        String artifact = "/api/2.0/mlflow-artifacts/artifacts/" + experimentId + "/" + runId + "/artifacts/x.txt";
        assertThat(send(HttpRequest.newBuilder(URI.create(a + artifact))
                .PUT(HttpRequest.BodyPublishers.ofString("hello")).build()).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(b + artifact)).build()).body()).isEqualTo("hello");
    }

    @Test
    void concurrentCreatesThroughBothReplicasNeverCollide() throws Exception {
        String url = System.getProperty("capstan.test.postgres.url", "");
        Assumptions.assumeTrue(!url.isBlank() && !url.startsWith("${"), "no PostgreSQL configured");
        List<String> bases = List.of(start(url), start(url));
        String prefix = "race-" + System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                ids.add(pool.submit(() -> post(bases.get(n % 2), "/api/2.0/mlflow/experiments/create",
                        "{\"name\":\"" + prefix + "-" + n + "\"}").get("experiment_id").asText()));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> id : ids) {
                distinct.add(id.get());
            }
            assertThat(distinct).hasSize(40);
        } finally {
            pool.shutdownNow();
        }
    }
}
