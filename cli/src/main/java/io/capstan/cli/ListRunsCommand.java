package io.capstan.cli;

import io.capstan.client.CapstanClient;
import io.capstan.client.Pages;
import io.capstan.client.SearchQuery;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

/** {@code capstan runs list}: every matching run of some experiments, following the server's pages. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the runs of experiments (every page), optionally filtered and ordered.")
public final class ListRunsCommand extends ServerSubcommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    ExperimentSelection experiments;
    @Mixin
    SearchOptions search;
    @Mixin
    ViewOption view;

    @Override
    void run(CapstanClient client, Output out) {
        List<String> experimentIds = experiments.experimentIds(client);
        SearchQuery query = search.queryForAllPages(CapstanClient.DEFAULT_RUNS_PAGE_SIZE);
        out.list(Pages.collect(token -> client.searchRuns(experimentIds, query.withPageToken(token), view.view),
                search.limit()), RunTables.COLUMNS, "runs");
    }
}
