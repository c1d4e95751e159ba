package io.capstan.cli;

import io.capstan.client.CapstanClient;
import io.capstan.client.Pages;
import io.capstan.client.SearchQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code capstan experiments list}: every matching experiment, following the server's pages. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List experiments (every page), optionally filtered and ordered.")
public final class ListExperimentsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;
    @Mixin
    OutputOptions output;
    @Mixin
    SearchOptions search;
    @Mixin
    ViewOption view;

    @Override
    public Integer call() {
        return ServerCall.run(spec, server, output, (client, out) -> {
            SearchQuery query = search.queryForAllPages(CapstanClient.DEFAULT_EXPERIMENTS_PAGE_SIZE);
            out.list(Pages.collect(token -> client.searchExperiments(query.withPageToken(token), view.view), search.limit()),
                    ExperimentTables.COLUMNS, "experiments");
        });
    }
}
