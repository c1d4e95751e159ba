package io.capstan.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.server.LiveServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's wire rules the clients depend on: JSON bodies on DELETE, versions as strings, the
 * error codes (RESOURCE_ALREADY_EXISTS is a 400, a missing alias is a 400), query-string GETs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryRoutesTest {
    private static final String API = "/api/2.0/mlflow";

    private LiveServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = LiveServer.start(dir, 13);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private static void assertError(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        JsonNode body = reply.json();
        assertThat(body.path("error_code").asText()).as(reply.toString()).isEqualTo(code);
        assertThat(body.path("message").isTextual()).as(reply.toString()).isTrue();
    }

    private void createModelWithVersion(String name) {
        Reply model = server.post(API + "/registered-models/create", "{\"name\": \"" + name + "\"}");
        assertThat(model.status()).as(model.toString()).isEqualTo(200);
        assertThat(model.json().at("/registered_model/name").asText()).isEqualTo(name);
        Reply version = server.post(API + "/model-versions/create", "{\"name\": \"" + name
                + "\", \"source\": \"s3://bucket/somewhere/model\"}");
        assertThat(version.status()).as(version.toString()).isEqualTo(200);
        assertThat(version.json().at("/model_version/version").isTextual()).isTrue();
        assertThat(version.json().at("/model_version/version").asText()).isEqualTo("1");
    }

    @Test
    void deletesTakeTheirParametersFromAJsonBody() {
        createModelWithVersion("reg-delete");
        assertThat(server.post(API + "/registered-models/alias",
                "{\"name\": \"reg-delete\", \"alias\": \"champion\", \"version\": \"1\"}").status()).isEqualTo(200);

        Reply alias = server.delete(API + "/registered-models/alias", "{\"name\": \"reg-delete\", \"alias\": \"champion\"}");
        assertThat(alias.status()).as(alias.toString()).isEqualTo(200);
        assertThat(alias.text()).isEqualTo("{}");
        assertError(server.get(API + "/registered-models/alias?name=reg-delete&alias=champion"), 400,
                "INVALID_PARAMETER_VALUE");

        Reply delete = server.delete(API + "/registered-models/delete", "{\"name\": \"reg-delete\"}");
        assertThat(delete.status()).as(delete.toString()).isEqualTo(200);
        assertThat(delete.text()).isEqualTo("{}");
        assertError(server.get(API + "/registered-models/get?name=reg-delete"), 404, "RESOURCE_DOES_NOT_EXIST");
        // without the body there is nothing to delete: a client error, not a crash
        assertError(server.delete(API + "/registered-models/delete", null), 400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    void duplicatesUnknownsAndBadVersions() {
        createModelWithVersion("reg-errors");
        assertError(server.post(API + "/registered-models/create", "{\"name\": \"reg-errors\"}"), 400,
                "RESOURCE_ALREADY_EXISTS");
        assertError(server.post(API + "/registered-models/create", "{\"name\": \"\"}"), 400, "INVALID_PARAMETER_VALUE");
        assertError(server.get(API + "/model-versions/get?name=reg-errors&version=7"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(server.get(API + "/model-versions/get?name=reg-errors&version=seven"), 400,
                "INVALID_PARAMETER_VALUE");
        assertError(server.get(API + "/model-versions/get?name=nobody&version=1"), 404, "RESOURCE_DOES_NOT_EXIST");
        assertError(server.post(API + "/model-versions/transition-stage", "{\"name\": \"reg-errors\", \"version\": \"1\","
                + " \"stage\": \"Sideways\", \"archive_existing_versions\": false}"), 400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    void getParametersComeFromTheQueryString() {
        createModelWithVersion("reg-query");
        Reply transition = server.post(API + "/model-versions/transition-stage", "{\"name\": \"reg-query\","
                + " \"version\": 1, \"stage\": \"staging\", \"archive_existing_versions\": \"False\"}");
        assertThat(transition.status()).as(transition.toString()).isEqualTo(200);
        assertThat(transition.json().at("/model_version/current_stage").asText()).isEqualTo("Staging");

        Reply latest = server.get(API + "/registered-models/get-latest-versions?name=reg-query&stages=Staging"
                + "&stages=Production");
        assertThat(latest.status()).as(latest.toString()).isEqualTo(200);
        assertThat(latest.json().at("/model_versions/0/version").asText()).isEqualTo("1");

        Reply search = server.get(API + "/model-versions/search?filter=name%3D%27reg-query%27&max_results=10");
        assertThat(search.status()).as(search.toString()).isEqualTo(200);
        assertThat(search.json().get("model_versions")).hasSize(1);
        Reply ajax = server.get("/ajax-api/2.0/mlflow/registered-models/search?filter=name%20LIKE%20%27reg-q%25%27");
        assertThat(ajax.json().at("/registered_models/0/name").asText()).isEqualTo("reg-query");
    }
}
