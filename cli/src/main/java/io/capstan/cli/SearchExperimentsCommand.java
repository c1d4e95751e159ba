package io.capstan.cli;

import io.capstan.client.CapstanClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.core.Page;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code capstan experiments search}: one page of matching experiments. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search experiments: one page; the token of the next page goes to stderr.",
                "Example: capstan experiments search --filter \"name LIKE 'churn%%'\" --order-by \"name ASC\""})
public final class SearchExperimentsCommand extends ServerSubcommand {
    @Mixin
    SearchOptions search;
    @Mixin
    ViewOption view;
    @Option(names = "--page-token", paramLabel = "TOKEN", description = "Fetch the page this token stands for.")
    String pageToken;

    @Override
    void run(CapstanClient client, Output out) {
        Page<JsonNode> page = client.searchExperiments(search.query().withPageToken(pageToken), view.view);
        out.list(page.items(), ExperimentTables.COLUMNS, "experiments");
        NextPage.announce(page, out);
    }
}
