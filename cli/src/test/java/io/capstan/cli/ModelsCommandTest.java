package io.capstan.cli;

import io.capstan.testkit.FakeMlflowServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.protocol.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelsCommandTest {
    private final FakeMlflowServer server = FakeMlflowServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private CommandRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--tracking-uri", server.uri()));
        return CommandRun.of(new ModelsCommand(), all.toArray(String[]::new));
    }

    @Test
    void listShowsLatestVersionAndAliases() {
        server.replay("registered-models-search");

        CommandRun result = run("list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines().toList()).containsExactly(
                "NAME         LATEST VERSION  ALIASES                 UPDATED               DESCRIPTION",
                "churn-model  2               baseline=1, champion=2  2026-11-23T16:04:15Z  Predicts churn",
                "fraud-model                                          2026-11-23T16:04:16Z");
        FakeMlflowServer.Request sent = server.requests("/registered-models/search").getFirst();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.param("max_results")).isEqualTo("100");
    }

    @Test
    void searchSendsFilterOrderAndPageAsQueryParameters() {
        server.replay("registered-models-search");

        CommandRun result = run("search", "--filter", "name LIKE 'churn%'", "--order-by", "name ASC",
                "--order-by", "last_updated_timestamp DESC", "--max-results", "5", "--page-token", "p2");

        assertThat(result.exitCode()).isZero();
        FakeMlflowServer.Request sent = server.requests("/registered-models/search").getFirst();
        assertThat(sent.param("filter")).isEqualTo("name LIKE 'churn%'");
        assertThat(sent.query().get("order_by")).containsExactly("name ASC", "last_updated_timestamp DESC");
        assertThat(sent.param("max_results")).isEqualTo("5");
        assertThat(sent.param("page_token")).isEqualTo("p2");
    }

    @Test
    void showPrintsAliasesAndVersionsNewestFirst() {
        server.replay("registered-models-get").replay("model-versions-search");

        CommandRun result = run("show", "churn-model");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(String.join("\n",
                "Name:          churn-model",
                "Description:   Predicts churn",
                "Created:       2026-11-23T16:04:15Z",
                "Last updated:  2026-11-23T16:04:15Z",
                "",
                "Aliases",
                "ALIAS     VERSION",
                "baseline  1",
                "champion  2",
                "",
                "Versions",
                "VERSION  STAGE  STATUS  ALIASES   RUN ID                            CREATED               SOURCE",
                "2        None   READY   champion  9dd6500d94d147d6abd97a4472275a26  2026-11-23T16:04:15Z"
                        + "  runs:/9dd6500d94d147d6abd97a4472275a26/model",
                "1        None   READY   baseline  342d207aabf54892801bd45907290716  2026-11-23T16:04:15Z"
                        + "  runs:/342d207aabf54892801bd45907290716/model",
                "",
                "Tags",
                "KEY     VALUE",
                "domain  growth",
                ""));
        assertThat(server.requests("/registered-models/get").getFirst().param("name")).isEqualTo("churn-model");
        assertThat(server.requests("/model-versions/search").getFirst().param("filter")).isEqualTo("name='churn-model'");
    }

    @Test
    void showAsJsonCombinesModelAndVersions() throws Exception {
        server.replay("registered-models-get").replay("model-versions-search");

        CommandRun result = run("show", "churn-model", "-o", "json");

        JsonNode printed = Json.mapper().readTree(result.out());
        assertThat(printed.get("registered_model"))
                .isEqualTo(FakeMlflowServer.goldenBody("registered-models-get").get("registered_model"));
        assertThat(printed.get("model_versions"))
                .isEqualTo(FakeMlflowServer.goldenBody("model-versions-search").get("model_versions"));
    }

    @Test
    void showOneVersion() {
        server.replay("model-versions-get");

        CommandRun result = run("show", "churn-model", "--version", "2");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Version:       2\n").contains("Aliases:       champion\n")
                .contains("Run ID:        9dd6500d94d147d6abd97a4472275a26\n");
        FakeMlflowServer.Request sent = server.requests("/model-versions/get").getFirst();
        assertThat(sent.param("name")).isEqualTo("churn-model");
        assertThat(sent.param("version")).isEqualTo("2");
    }

    @Test
    void anUnknownModelExitsWithOne() {
        server.replay("registered-models-get.missing");

        CommandRun result = run("show", "nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("capstan: Registered Model with name=nope not found (RESOURCE_DOES_NOT_EXIST)\n");
        assertThat(server.requests("/model-versions/search")).isEmpty();
    }

    @Test
    void emptyListSaysSo() {
        server.answer("GET", "/registered-models/search", 200, "application/json", "{}");

        CommandRun result = run("list", "-o", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip()).isEqualTo("[ ]");
    }

    @Test
    void modelNamesAreQuotedForTheFilterGrammar() {
        assertThat(ShowModelCommand.quoted("churn")).isEqualTo("'churn'");
        assertThat(ShowModelCommand.quoted("bob's model")).isEqualTo("\"bob's model\"");
        assertThatThrownBy(() -> ShowModelCommand.quoted("a'b\"c")).hasMessageContaining("both");
    }
}
