package io.capstan.cli;

import io.capstan.testkit.FakeMlflowServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.protocol.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExperimentsCommandTest {
    private final FakeMlflowServer server = FakeMlflowServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private CommandRun run(String... args) {
        String[] withUri = new String[args.length + 2];
        System.arraycopy(args, 0, withUri, 0, args.length);
        withUri[args.length] = "--tracking-uri";
        withUri[args.length + 1] = server.uri();
        return CommandRun.of(new ExperimentsCommand(), withUri);
    }

    @Test
    void listPrintsAlignedColumns() {
        server.replay("experiments-search");

        CommandRun result = run("list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out().lines().toList()).containsExactly(
                "ID  NAME     STAGE   CREATED               ARTIFACT LOCATION",
                "2   fraud    active  2026-11-23T16:04:15Z  /tmp/mlrec/art/2",
                "1   churn    active  2026-11-23T16:04:15Z  /tmp/mlrec/art/1",
                "0   Default  active  2026-11-23T16:04:01Z  /tmp/mlrec/art/0");
        JsonNode sent = server.requests("/experiments/search").getFirst().body();
        assertThat(sent.get("max_results").asInt()).isEqualTo(1000);
        assertThat(sent.get("view_type").asText()).isEqualTo("ACTIVE_ONLY");
    }

    @Test
    void listFollowsPageTokens() {
        server.replay("experiments-search-page1").replay("experiments-search-page2");

        CommandRun result = run("list", "--order-by", "name ASC", "--view", "all");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines().skip(1).map(line -> line.split("\\s+")[1]))
                .containsExactly("Default", "churn", "fraud");
        var requests = server.requests("/experiments/search");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).body().has("page_token")).isFalse();
        assertThat(requests.get(1).body().get("page_token").asText())
                .isEqualTo(FakeMlflowServer.goldenBody("experiments-search-page1").get("next_page_token").asText());
        assertThat(requests.get(1).body().get("order_by").get(0).asText()).isEqualTo("name ASC");
        assertThat(requests.get(1).body().get("view_type").asText()).isEqualTo("ALL");
    }

    @Test
    void listStopsAtMaxResults() {
        server.replay("experiments-search-page1").replay("experiments-search-page2");

        CommandRun result = run("list", "--max-results", "2");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines()).hasSize(3);
        assertThat(server.requests("/experiments/search")).singleElement()
                .satisfies(r -> assertThat(r.body().get("max_results").asInt()).isEqualTo(2));
    }

    @Test
    void listAsJsonPrintsTheServersObjects() throws Exception {
        server.replay("experiments-search");

        CommandRun result = run("list", "--output", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(Json.mapper().readTree(result.out()))
                .isEqualTo(FakeMlflowServer.goldenBody("experiments-search").get("experiments"));
    }

    @Test
    void emptyListSaysSoOnStderr() {
        server.answer("POST", "/experiments/search", 200, "application/json", "{}");

        CommandRun result = run("list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("No experiments found.\n");
    }

    @Test
    void searchSendsTheQueryAndAnnouncesTheNextPage() {
        server.replay("experiments-search-page1");

        CommandRun result = run("search", "--filter", "name LIKE '%'", "--order-by", "name ASC",
                "--order-by", "creation_time DESC", "--max-results", "2", "--page-token", "abc");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines()).hasSize(3);
        assertThat(result.err()).isEqualTo("More results: --page-token eyJvZmZzZXQiOiAyfQ==\n");
        JsonNode sent = server.requests("/experiments/search").getFirst().body();
        assertThat(sent.get("filter").asText()).isEqualTo("name LIKE '%'");
        assertThat(sent.get("order_by")).hasSize(2);
        assertThat(sent.get("max_results").asInt()).isEqualTo(2);
        assertThat(sent.get("page_token").asText()).isEqualTo("abc");
    }

    @Test
    void aRejectedFilterIsBadInput() {
        server.replay("experiments-search.bad-filter");

        CommandRun result = run("search", "--filter", "name ~~ 'x'");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("capstan: Invalid comparator '~~'").contains("(INVALID_PARAMETER_VALUE)");
    }

    @Test
    void aNonPositiveMaxResultsIsBadInputWithoutAsking() {
        CommandRun result = run("search", "--max-results", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("max_results must be a positive integer");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void showByIdPrintsFieldsAndTags() {
        server.replay("experiments-get");

        CommandRun result = run("show", "1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines().toList()).containsExactly(
                "Experiment ID:      1",
                "Name:               churn",
                "Lifecycle stage:    active",
                "Artifact location:  /tmp/mlrec/art/1",
                "Created:            2026-11-23T16:04:15Z",
                "Last updated:       2026-11-23T16:04:15Z",
                "",
                "Tags",
                "KEY   VALUE",
                "team  growth");
        assertThat(server.requests("/experiments/get").getFirst().param("experiment_id")).isEqualTo("1");
    }

    @Test
    void showByNameAsJson() throws Exception {
        server.replay("experiments-get-by-name");

        CommandRun result = run("show", "--name", "churn", "-o", "JSON");

        assertThat(result.exitCode()).isZero();
        assertThat(Json.mapper().readTree(result.out()))
                .isEqualTo(FakeMlflowServer.goldenBody("experiments-get-by-name").get("experiment"));
        assertThat(server.requests("/experiments/get-by-name").getFirst().param("experiment_name")).isEqualTo("churn");
    }

    @Test
    void anUnknownExperimentExitsWithOne() {
        server.replay("experiments-get-by-name.missing");

        CommandRun result = run("show", "--name", "nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("capstan: Could not find experiment with name 'nope' (RESOURCE_DOES_NOT_EXIST)\n");
    }

    @Test
    void showNeedsExactlyOneOfIdAndName() {
        assertThat(run("show").exitCode()).isEqualTo(2);
        CommandRun both = run("show", "1", "--name", "churn");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("Give either an experiment ID or --name");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(CommandRun.of(new ExperimentsCommand()).exitCode()).isEqualTo(2);
        assertThat(run("list", "--bogus").exitCode()).isEqualTo(2);
        CommandRun badFormat = run("list", "--output", "xml");
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err()).contains("expected table or json");
        assertThat(run("list", "--view", "sometimes").exitCode()).isEqualTo(2);
    }

    @Test
    void aTrackingUriThatIsNotHttpIsBadInput() {
        CommandRun result = CommandRun.of(new ExperimentsCommand(), "list", "--tracking-uri", "file:///tmp/mlruns");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Tracking URI must be an http(s) URL");
    }

    @Test
    void anUnreachableServerExitsWithThree() {
        String dead = CommandRun.deadUri();

        CommandRun result = CommandRun.of(new ExperimentsCommand(), "list", "--tracking-uri", dead);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("capstan: Cannot reach the tracking server at " + dead + ": connection refused")
                .contains("--tracking-uri");
    }

    @Test
    void otherServerErrorsExitWithFour() {
        server.answer("POST", "/experiments/search", 503, "application/json",
                "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"Database is busy\"}");
        server.answer("GET", "/experiments/get", 502, "text/html", "<html>Bad gateway</html>");

        CommandRun busy = run("list");
        CommandRun proxy = run("show", "1");

        assertThat(busy.exitCode()).isEqualTo(4);
        assertThat(busy.err()).isEqualTo("capstan: Database is busy (TEMPORARILY_UNAVAILABLE)\n");
        assertThat(proxy.exitCode()).isEqualTo(4);
        assertThat(proxy.err()).contains("failed with HTTP 502").contains("<html>Bad gateway</html>").contains("(INTERNAL_ERROR)");
    }

    @Test
    void aMissingEndpointIsAServerError() {
        CommandRun result = run("show", "1");

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).contains("(ENDPOINT_NOT_FOUND)");
    }
}
