package io.capstan.cli;

import io.capstan.client.CapstanClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.core.Page;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code capstan runs search}: one page of matching runs. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search runs: one page; the token of the next page goes to stderr.",
                "Example: capstan runs search --experiment-name churn --filter \"metrics.auc > 0.8\""
                        + " --order-by \"metrics.auc DESC\""})
public final class SearchRunsCommand extends ServerSubcommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    ExperimentSelection experiments;
    @Mixin
    SearchOptions search;
    @Mixin
    ViewOption view;
    @Option(names = "--page-token", paramLabel = "TOKEN", description = "Fetch the page this token stands for.")
    String pageToken;

    @Override
    void run(CapstanClient client, Output out) {
        Page<JsonNode> page = client.searchRuns(experiments.experimentIds(client),
                search.query().withPageToken(pageToken), view.view);
        out.list(page.items(), RunTables.COLUMNS, "runs");
        NextPage.announce(page, out);
    }
}
