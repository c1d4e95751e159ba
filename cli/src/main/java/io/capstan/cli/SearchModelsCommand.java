package io.capstan.cli;

import io.capstan.client.CapstanClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.core.Page;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code capstan models search}: one page of matching registered models. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search registered models: one page; the token of the next page goes to stderr.",
                "Example: capstan models search --filter \"name LIKE 'churn%%'\""})
public final class SearchModelsCommand extends ServerSubcommand {
    @Mixin
    SearchOptions search;
    @Option(names = "--page-token", paramLabel = "TOKEN", description = "Fetch the page this token stands for.")
    String pageToken;

    @Override
    void run(CapstanClient client, Output out) {
        Page<JsonNode> page = client.searchRegisteredModels(search.query().withPageToken(pageToken));
        out.list(page.items(), ModelTables.COLUMNS, "registered models");
        NextPage.announce(page, out);
    }
}
