package io.capstan.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UI's static files: index.html for every page URL, hashed assets cached for a year, a strict
 * CSP on everything, and the API's own 404s untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiRoutesTest {
    private static final Map<String, String> FILES = Map.of(
            "/index.html", "<!doctype html><script type=module src=/assets/index-abc123.js></script>",
            "/assets/index-abc123.js", "console.log('ui')",
            "/assets/index-abc123.css", "body{}",
            "/favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");

    private CapstanServer server;
    private CapstanServer bare;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        Router router = new Router();
        new HealthRoutes().register(router);
        new UiRoutes(path -> Optional.ofNullable(FILES.get(path)).map(s -> s.getBytes(StandardCharsets.UTF_8)))
                .register(router);
        server = new CapstanServer("127.0.0.1", 0, 8, router);
        server.start();
        Router without = new Router();
        new UiRoutes(path -> Optional.empty()).register(without);
        bare = new CapstanServer("127.0.0.1", 0, 8, without);
        bare.start();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        bare.close();
    }

    private HttpResponse<String> get(CapstanServer target, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyPageUrlAnswersIndexWithAStrictPolicy() throws Exception {
        for (String path : new String[] {"/", "/experiments", "/experiments/1", "/runs/0123abc", "/compare?runs=a,b",
                "/models", "/models/churn%20model/versions/2", "/deployments", "/deployments/iris", "/monitors",
                "/monitors/iris-traffic/windows/2026-12-01T10:00:00Z", "/retrain-requests", "/retrain-requests?status=pending"}) {
            HttpResponse<String> response = get(server, path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).startsWith("<!doctype html>");
            assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-cache");
            String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("script-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
    }

    @Test
    void hashedAssetsAreCachedForAYearWithTheirContentType() throws Exception {
        HttpResponse<String> js = get(server, "/assets/index-abc123.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.body()).isEqualTo("console.log('ui')");
        assertThat(js.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(js.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(get(server, "/assets/index-abc123.css").headers().firstValue("Content-Type"))
                .contains("text/css; charset=utf-8");
        assertThat(get(server, "/favicon.svg").headers().firstValue("Content-Type")).contains("image/svg+xml");
    }

    @Test
    void indexRevalidatesWithItsEtag() throws Exception {
        String etag = get(server, "/").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get(server, "/experiments/3", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void missingOrTraversingAssetPathsAreMlflowShaped404s() throws Exception {
        for (String path : new String[] {"/assets/nope.js", "/assets/../index.html", "/assets/%2e%2e/index.html",
                "/assets/.hidden", "/assets/a%5Cb.js"}) {
            HttpResponse<String> response = get(server, path);
            assertThat(response.statusCode()).as(path).isIn(400, 404);
            JsonNode body = LiveServer.STRICT.readTree(response.body());
            assertThat(body.path("error_code").asText()).as(path).isNotEmpty();
        }
    }

    @Test
    void apiPathsAndUnknownPathsKeepTheirJson404() throws Exception {
        HttpResponse<String> api = get(server, "/api/2.0/mlflow/experiments/nope");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(LiveServer.STRICT.readTree(api.body()).path("error_code").asText()).isEqualTo("ENDPOINT_NOT_FOUND");
        HttpResponse<String> ajax = get(server, "/ajax-api/2.0/mlflow/runs/nope");
        assertThat(ajax.statusCode()).isEqualTo(404);
        assertThat(get(server, "/experimentsX").statusCode()).isEqualTo(404);
        assertThat(get(server, "/health").body()).isEqualTo("OK");
    }

    @Test
    void aServerBuiltWithoutTheUiSaysSo() throws Exception {
        HttpResponse<String> response = get(bare, "/");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("web UI is not part of this build");
    }

    @Test
    void contentTypesByExtension() {
        assertThat(UiRoutes.contentType("/a.woff2")).isEqualTo("font/woff2");
        assertThat(UiRoutes.contentType("/a.bin")).isEqualTo("application/octet-stream");
    }
}
