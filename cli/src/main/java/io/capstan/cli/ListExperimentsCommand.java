package io.capstan.cli;

import io.capstan.client.CapstanClient;
import io.capstan.client.Pages;
import io.capstan.client.SearchQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code capstan experiments list}: every matching experiment, following the server's pages. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List experiments (every page), optionally filtered and ordered.")
public final class ListExperimentsCommand extends ServerSubcommand {
    @Mixin
    SearchOptions search;
    @Mixin
    ViewOption view;

    @Override
    void run(CapstanClient client, Output out) {
        SearchQuery query = search.queryForAllPages(CapstanClient.DEFAULT_EXPERIMENTS_PAGE_SIZE);
        out.list(Pages.collect(token -> client.searchExperiments(query.withPageToken(token), view.view), search.limit()),
                ExperimentTables.COLUMNS, "experiments");
    }
}
