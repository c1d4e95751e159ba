package io.capstan.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.protocol.Json;
import io.capstan.serving.deploy.DeploymentJson;
import io.capstan.serving.deploy.DeploymentSpec;
import io.capstan.serving.deploy.DeploymentSpec.TrafficSplit;
import io.capstan.serving.deploy.FileDeploymentStore;
import io.capstan.testkit.OnnxFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments in several {@code capstan server} replicas on one metadata database (a SQLite file,
 * and the PostgreSQL of system property {@code capstan.test.postgres.url} when there is one): a
 * deployment created, changed or deleted through one replica is served the same way by the other
 * within a poll. And an older server's {@code deployments.json} is imported once on upgrade.
 */
class DeploymentReplicasTest {
    private static final int FEATURES = 3;
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

    private String start(String backendUri) throws Exception {
        Capstan capstan = Capstan.start(new CapstanConfig("127.0.0.1", 0, backendUri, dir.resolve("artifacts"),
                "mlflow-artifacts:/", 16, "FULL", null));
        servers.add(capstan);
        return "http://127.0.0.1:" + capstan.port();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode post(String base, String path, String json) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    /** Registers model {@code name} with two versions (both the identity model) through {@code base}. */
    private void register(String base, String name) throws Exception {
        String experiment = post(base, "/api/2.0/mlflow/experiments/create", "{\"name\":\"" + name + "\"}")
                .get("experiment_id").asText();
        String run = post(base, "/api/2.0/mlflow/runs/create", "{\"experiment_id\":\"" + experiment + "\"}")
                .at("/run/info/run_id").asText();
        Path folder = OnnxFixtures.identityModelFolder(dir.resolve("model-" + name), FEATURES);
        for (String file : List.of("MLmodel", "model.onnx")) {
            HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(base
                    + "/api/2.0/mlflow-artifacts/artifacts/" + experiment + "/" + run + "/artifacts/model/" + file))
                    .PUT(HttpRequest.BodyPublishers.ofFile(folder.resolve(file))));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        }
        post(base, "/api/2.0/mlflow/registered-models/create", "{\"name\":\"" + name + "\"}");
        for (int i = 0; i < 2; i++) {
            post(base, "/api/2.0/mlflow/model-versions/create", "{\"name\":\"" + name + "\",\"run_id\":\"" + run
                    + "\",\"source\":\"mlflow-artifacts:/" + experiment + "/" + run + "/artifacts/model\"}");
        }
    }

    private static String traffic(String name, String model, String version) {
        return "{\"name\":\"" + name + "\",\"model\":\"" + model + "\",\"traffic\":[{\"version\":\"" + version
                + "\",\"weight\":100}]}";
    }

    /** The version that answers an inference through {@code base}, or the HTTP status when none does. */
    private String answering(String base, String deployment) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/v2/models/" + deployment
                + "/infer")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                "{\"inputs\":[{\"name\":\"X\",\"shape\":[1," + FEATURES + "],\"datatype\":\"FP32\","
                        + "\"data\":[1,2,3]}]}")));
        if (response.statusCode() != 200) {
            return Integer.toString(response.statusCode());
        }
        JsonNode body = Json.mapper().readTree(response.body());
        assertThat(body.at("/outputs/0/data").toString()).isEqualTo("[1.0,2.0,3.0]");
        return body.get("model_version").asText();
    }

    private static <T> T eventually(String what, Callable<T> probe, T expected) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        T seen = probe.call();
        while (!expected.equals(seen) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            seen = probe.call();
        }
        assertThat(seen).as(what).isEqualTo(expected);
        return seen;
    }

    private void replicasServeOneSetOfDeployments(String backendUri) throws Exception {
        String a = start(backendUri);
        String b = start(backendUri);
        String model = "replicated-" + System.nanoTime();
        register(a, model);
        String name = "d-" + System.nanoTime();

        post(a, "/api/capstan/deployments", traffic(name, model, "1"));
        assertThat(answering(a, name)).isEqualTo("1");
        eventually("B serves the deployment created through A", () -> answering(b, name), "1");

        post(b, "/api/capstan/deployments", traffic(name, model, "2"));
        eventually("A follows the change made through B", () -> answering(a, name), "2");
        JsonNode status = post(a, "/api/capstan/deployments", traffic(name, model, "2")).get("deployment");
        assertThat(status.at("/spec/traffic/0/version").asText()).isEqualTo("2");

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(URI.create(a + "/api/capstan/deployments/" + name))
                .DELETE());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        eventually("B stops serving the deployment deleted through A", () -> answering(b, name), "404");
    }

    @Test
    void replicasOnOneSqliteFileServeOneSetOfDeployments() throws Exception {
        replicasServeOneSetOfDeployments("sqlite:///" + dir.resolve("capstan.db"));
    }

    @Test
    void replicasOnOnePostgresServeOneSetOfDeployments() throws Exception {
        String url = System.getProperty("capstan.test.postgres.url", "");
        Assumptions.assumeTrue(!url.isBlank() && !url.startsWith("${"), "no PostgreSQL configured");
        replicasServeOneSetOfDeployments(url);
    }

    @Test
    void anOlderServersDeploymentsFileIsImportedOnce() throws Exception {
        String db = "sqlite:///" + dir.resolve("capstan.db");
        String model = "upgraded";
        register(start(db), model);
        servers.removeFirst().close();
        // what a server before the SQL store left in its data folder (the parent of the artifacts)
        Path file = dir.resolve("deployments.json");
        new FileDeploymentStore(file).save(new DeploymentSpec("kept", model, List.of(new TrafficSplit("2", 100)), null,
                null, null, null));

        String upgraded = start(db);
        assertThat(answering(upgraded, "kept")).isEqualTo("2");
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("deployments.json.imported")).exists();
        JsonNode listed = Json.mapper().readTree(send(HttpRequest.newBuilder(URI.create(upgraded
                + "/api/capstan/deployments"))).body());
        assertThat(DeploymentJson.spec(listed.at("/deployments/0/spec")).traffic())
                .containsExactly(new TrafficSplit("2", 100));

        // a restart serves it from the database; the renamed file is not read again
        servers.removeFirst().close();
        Files.writeString(dir.resolve("deployments.json.imported"), "not json any more");
        assertThat(answering(start(db), "kept")).isEqualTo("2");
    }
}
