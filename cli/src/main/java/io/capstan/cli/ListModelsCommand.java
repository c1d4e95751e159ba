package io.capstan.cli;

import io.capstan.client.CapstanClient;
import io.capstan.client.Pages;
import io.capstan.client.SearchQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code capstan models list}: every matching registered model, following the server's pages. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List registered models (every page), optionally filtered and ordered.")
public final class ListModelsCommand extends ServerSubcommand {
    @Mixin
    SearchOptions search;

    @Override
    void run(CapstanClient client, Output out) {
        SearchQuery query = search.queryForAllPages(CapstanClient.DEFAULT_REGISTERED_MODELS_PAGE_SIZE);
        out.list(Pages.collect(token -> client.searchRegisteredModels(query.withPageToken(token)), search.limit()),
                ModelTables.COLUMNS, "registered models");
    }
}
