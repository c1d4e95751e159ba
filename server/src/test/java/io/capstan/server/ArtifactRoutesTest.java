package io.capstan.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.server.LiveServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code mlflow-artifacts} proxy and the tracking API's artifact listing: round trips,
 * basename listings, multipart uploads, and every path-traversal shape refused with a 4xx, a
 * symbolic link planted inside the root included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactRoutesTest {
    private static final String PROXY = "/api/2.0/mlflow-artifacts";

    private Path dir;
    private LiveServer server;
    private Path outside;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        server = LiveServer.start(dir.resolve("server"), 11);
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "top secret");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void uploadDownloadListAndDelete() {
        Reply put = server.put(PROXY + "/artifacts/rt/model/MLmodel", bytes("flavors: {}\n"));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.text()).isEqualTo("{}");
        assertThat(server.put(PROXY + "/artifacts/rt/model/data/weights.bin", new byte[] {0, 1, 2, (byte) 255})
                .status()).isEqualTo(200);
        assertThat(server.put(PROXY + "/artifacts/rt/readme.txt", bytes("hello")).status()).isEqualTo(200);

        Reply get = server.get(PROXY + "/artifacts/rt/model/data/weights.bin");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).containsExactly(0, 1, 2, (byte) 255);
        assertThat(server.get(PROXY + "/artifacts/rt/readme.txt").text()).isEqualTo("hello");
        // overwrite
        assertThat(server.put(PROXY + "/artifacts/rt/readme.txt", bytes("bye")).status()).isEqualTo(200);
        assertThat(server.get(PROXY + "/artifacts/rt/readme.txt").text()).isEqualTo("bye");

        JsonNode files = server.get(PROXY + "/artifacts?path=rt").json().get("files");
        assertThat(files).hasSize(2);
        assertThat(files.findValuesAsText("path")).containsExactlyInAnyOrder("model", "readme.txt");
        for (JsonNode f : files) {
            if (f.get("path").asText().equals("model")) {
                assertThat(f.get("is_dir").asBoolean()).isTrue();
                assertThat(f.has("file_size")).isFalse();
            } else {
                assertThat(f.get("is_dir").asBoolean()).isFalse();
                assertThat(f.get("file_size").asLong()).isEqualTo(3);
            }
        }
        // basenames at every depth, never the full path
        assertThat(server.get(PROXY + "/artifacts?path=rt/model/data").json().get("files").findValuesAsText("path"))
                .containsExactly("weights.bin");
        assertThat(server.get(PROXY + "/artifacts?path=rt/nothing-here").text()).isEqualTo("{}");

        assertThat(server.delete(PROXY + "/artifacts/rt/readme.txt", null).text()).isEqualTo("{}");
        assertError(server.get(PROXY + "/artifacts/rt/readme.txt"), 404);
        assertThat(server.delete(PROXY + "/artifacts/rt/model", null).status()).isEqualTo(200);
        assertError(server.get(PROXY + "/artifacts/rt/model/MLmodel"), 404);
        assertThat(server.get(PROXY + "/artifacts?path=rt").text()).isEqualTo("{}");
    }

    @Test
    void aSemicolonIsPartOfTheNameAsInMlflow() {
        // Jetty reads ';' as path parameters; an artifact named a;b.txt must not land as 'a'
        assertThat(server.put(PROXY + "/artifacts/semi/a;b.txt", bytes("semi")).status()).isEqualTo(200);
        assertThat(server.put(PROXY + "/artifacts/semi/c%3Bd.txt", bytes("encoded")).status()).isEqualTo(200);
        assertThat(server.get(PROXY + "/artifacts?path=semi").json().get("files").findValuesAsText("path"))
                .containsExactlyInAnyOrder("a;b.txt", "c;d.txt");
        assertThat(server.get(PROXY + "/artifacts/semi/a;b.txt").text()).isEqualTo("semi");
        assertThat(server.get(PROXY + "/artifacts/semi/a%3Bb.txt").text()).isEqualTo("semi");
        assertThat(server.get(PROXY + "/artifacts/semi/c;d.txt").text()).isEqualTo("encoded");
        assertError(server.get(PROXY + "/artifacts/semi/a"), 404);
        assertError(server.get(PROXY + "/artifacts/semi;x/../etc/passwd"), 400);
    }

    @Test
    void theAjaxPrefixServesTheProxyToo() {
        assertThat(server.put("/ajax-api/2.0/mlflow-artifacts/artifacts/ajax/a.txt", bytes("x")).status())
                .isEqualTo(200);
        assertThat(server.get(PROXY + "/artifacts/ajax/a.txt").text()).isEqualTo("x");
        assertThat(server.get("/ajax-api/2.0/mlflow-artifacts/artifacts?path=ajax").json().at("/files/0/path").asText())
                .isEqualTo("a.txt");
    }

    @Test
    void activeContentIsServedAsBytes() {
        assertThat(server.put(PROXY + "/artifacts/ct/page.html", bytes("<script>alert(1)</script>")).status())
                .isEqualTo(200);
        Reply html = server.get(PROXY + "/artifacts/ct/page.html");
        assertThat(html.header("content-type")).isEqualTo("application/octet-stream");
        assertThat(html.header("x-content-type-options")).isEqualTo("nosniff");
    }

    @Test
    void multipartCreateUploadPartsAndComplete() {
        Reply create = server.post(PROXY + "/mpu/create/mpu/big.bin", "{\"path\": \"mpu/big.bin\", \"num_parts\": 2}");
        assertThat(create.status()).as(create.toString()).isEqualTo(200);
        String uploadId = create.json().get("upload_id").asText();
        JsonNode credentials = create.json().get("credentials");
        assertThat(credentials).hasSize(2);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JsonNode credential = credentials.get(i);
            assertThat(credential.get("part_number").asInt()).isEqualTo(i + 1);
            URI url = URI.create(credential.get("url").asText());
            assertThat(url.getPort()).isEqualTo(server.port());
            Reply part = server.put(url.getRawPath() + "?" + url.getRawQuery(), bytes(i == 0 ? "first-" : "second"));
            assertThat(part.status()).as(part.toString()).isEqualTo(200);
            assertThat(part.header("etag")).isNotBlank();
            parts.add("{\"part_number\": " + (i + 1) + ", \"etag\": " + LiveServer.STRICT.valueToTree(part.header("etag"))
                    + "}");
        }
        Reply complete = server.post(PROXY + "/mpu/complete/mpu/big.bin", "{\"path\": \"mpu/big.bin\", \"upload_id\": \""
                + uploadId + "\", \"parts\": [" + String.join(", ", parts) + "]}");
        assertThat(complete.status()).as(complete.toString()).isEqualTo(200);
        assertThat(complete.text()).isEqualTo("{}");
        assertThat(server.get(PROXY + "/artifacts/mpu/big.bin").text()).isEqualTo("first-second");

        // abort drops the upload; later parts for it are refused with a 4xx
        String second = server.post(PROXY + "/mpu/create/mpu/other.bin", "{\"num_parts\": 1}").json().get("upload_id")
                .asText();
        assertThat(server.post(PROXY + "/mpu/abort/mpu/other.bin", "{\"upload_id\": \"" + second + "\"}").status())
                .isEqualTo(200);
        assertError(server.put(PROXY + "/mpu/upload/mpu/other.bin?upload_id=" + second + "&part_number=1", bytes("x")),
                404);
        assertError(server.post(PROXY + "/mpu/complete/mpu/x.bin", "{\"upload_id\": \"not-an-id\", \"parts\": []}"), 400);
        assertError(server.post(PROXY + "/mpu/create/mpu/y.bin", "{\"num_parts\": 0}"), 400);
        assertError(server.post(PROXY + "/mpu/create/mpu/y.bin", "{\"num_parts\": \"many\"}"), 400);
        assertError(server.put(PROXY + "/mpu/upload/mpu/y.bin?upload_id=" + second + "&part_number=abc", bytes("x")),
                400);
    }

    @Test
    void runArtifactListingIsRelativeToTheRunRoot() {
        JsonNode run = server.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"0\"}").json().at("/run/info");
        String runId = run.get("run_id").asText();
        String artifactUri = run.get("artifact_uri").asText();
        assertThat(artifactUri).startsWith("mlflow-artifacts:/");
        String storePath = artifactUri.substring("mlflow-artifacts:/".length()).replaceFirst("^/+", "");
        assertThat(server.put(PROXY + "/artifacts/" + storePath + "/model/MLmodel", bytes("m")).status()).isEqualTo(200);
        assertThat(server.put(PROXY + "/artifacts/" + storePath + "/plot.png", bytes("p")).status()).isEqualTo(200);

        Reply root = server.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId);
        assertThat(root.status()).as(root.toString()).isEqualTo(200);
        assertThat(root.json().get("root_uri").asText()).isEqualTo(artifactUri);
        assertThat(root.json().get("files").findValuesAsText("path")).containsExactlyInAnyOrder("model", "plot.png");
        Reply sub = server.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=model");
        assertThat(sub.json().get("files").findValuesAsText("path")).containsExactly("model/MLmodel");

        Reply file = server.get("/get-artifact?run_id=" + runId + "&path=plot.png");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.text()).isEqualTo("p");
        assertError(server.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=../.."), 400);
        assertError(server.get("/get-artifact?run_id=" + runId + "&path=../../0"), 400);
    }

    @Test
    void traversalIsRefusedWithA4xx() {
        assertThat(server.put(PROXY + "/artifacts/safe/inside.txt", bytes("in")).status()).isEqualTo(200);
        List<String> targets = List.of(
                PROXY + "/artifacts/../../../../etc/passwd",
                PROXY + "/artifacts/safe/../../../etc/passwd",
                PROXY + "/artifacts/%2e%2e/%2e%2e/etc/passwd",
                PROXY + "/artifacts/safe/%2E%2E/%2E%2E/x",
                PROXY + "/artifacts/..%2F..%2Fetc%2Fpasswd",
                PROXY + "/artifacts/safe%2F..%2F..%2Fx",
                PROXY + "/artifacts//etc/passwd",
                PROXY + "/artifacts/%2Fetc%2Fpasswd",
                PROXY + "/artifacts/safe\\..\\..\\x",
                PROXY + "/artifacts/safe%5C..%5C..%5Cx",
                PROXY + "/artifacts/C:/Windows/win.ini",
                PROXY + "/artifacts/safe/%00x",
                PROXY + "/artifacts/%252e%252e/x");
        for (String target : targets) {
            for (String method : List.of("GET", "PUT", "DELETE")) {
                Reply reply = server.raw(method, target, method.equals("PUT") ? bytes("pwned") : null);
                assertThat(reply.status()).as(reply.toString()).isBetween(400, 499);
                assertThat(reply.text()).as(reply.toString()).doesNotContain("root:").doesNotContain("top secret");
            }
            Reply create = server.raw("POST", target.replace("/artifacts/", "/mpu/create/"), bytes("{\"num_parts\": 1}"));
            assertThat(create.status()).as(create.toString()).isBetween(400, 499);
        }
        // (the query string is decoded once: "%2e%2e" here would be a legal file name, not "..")
        for (String path : List.of("..", "../..", "/etc", "safe/../..", "a\\b", "./safe", "safe/./x", "C:/x")) {
            Reply list = server.get(PROXY + "/artifacts?path=" + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8));
            assertError(list, 400);
        }
        // nothing escaped: the only file written is the one inside the root
        assertThat(dir.resolve("outside").toFile().list()).containsExactly("secret.txt");
        assertThat(server.get(PROXY + "/artifacts/safe/inside.txt").text()).isEqualTo("in");
    }

    @Test
    void aSymlinkPlantedInsideTheRootIsRefusedNotFollowed() throws Exception {
        Files.createDirectories(server.artifactRoot.resolve("planted"));
        Files.createSymbolicLink(server.artifactRoot.resolve("planted/link"), outside);
        Files.createSymbolicLink(server.artifactRoot.resolve("planted/file-link"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(server.artifactRoot.resolve("root-link"), outside);

        for (String target : List.of("planted/link/secret.txt", "planted/file-link", "root-link/secret.txt")) {
            Reply get = server.get(PROXY + "/artifacts/" + target);
            assertThat(get.status()).as(get.toString()).isBetween(400, 499);
            assertThat(get.text()).doesNotContain("top secret");
            Reply put = server.put(PROXY + "/artifacts/" + target, bytes("overwritten"));
            assertThat(put.status()).as(put.toString()).isBetween(400, 499);
            Reply delete = server.delete(PROXY + "/artifacts/" + target, null);
            assertThat(delete.status()).as(delete.toString()).isBetween(400, 499);
        }
        Reply newFile = server.put(PROXY + "/artifacts/planted/link/new.txt", bytes("escape"));
        assertThat(newFile.status()).as(newFile.toString()).isBetween(400, 499);
        for (String listed : List.of("planted/link", "root-link")) {
            Reply list = server.get(PROXY + "/artifacts?path=" + listed);
            assertThat(list.status()).as(list.toString()).isBetween(400, 499);
        }
        // the listing of the directory holding the links does not expose them as entries to follow
        Reply parent = server.get(PROXY + "/artifacts?path=planted");
        assertThat(parent.status()).isEqualTo(200);
        assertThat(parent.text()).doesNotContain("secret");
        Reply deleteDir = server.delete(PROXY + "/artifacts/planted", null);
        assertThat(deleteDir.status()).as(deleteDir.toString()).isLessThan(500);

        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("top secret");
        assertThat(outside.toFile().list()).containsExactly("secret.txt");
    }

    @Test
    void anOverlongPathSegmentIsAClientError() {
        String segment = "x".repeat(300);
        assertError(server.put(PROXY + "/artifacts/long/" + segment, bytes("x")), 400);
        assertError(server.post(PROXY + "/mpu/complete/long/" + segment,
                "{\"upload_id\": \"0123456789abcdef0123456789abcdef\", \"parts\": []}"), 400);
    }

    private static void assertError(Reply reply, int status) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        JsonNode body = reply.json();
        assertThat(body.path("error_code").isTextual()).as(reply.toString()).isTrue();
        assertThat(body.path("message").isTextual()).as(reply.toString()).isTrue();
    }
}
