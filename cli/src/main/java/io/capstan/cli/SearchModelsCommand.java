package io.capstan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.core.Page;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code capstan models search}: one page of matching registered models. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search registered models: one page; the token of the next page goes to stderr.",
                "Example: capstan models search --filter \"name LIKE 'churn%%'\""})
public final class SearchModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;
    @Mixin
    OutputOptions output;
    @Mixin
    SearchOptions search;
    @Option(names = "--page-token", paramLabel = "TOKEN", description = "Fetch the page this token stands for.")
    String pageToken;

    @Override
    public Integer call() {
        return ServerCall.run(spec, server, output, (client, out) -> {
            Page<JsonNode> page = client.searchRegisteredModels(search.query().withPageToken(pageToken));
            out.list(page.items(), ModelTables.COLUMNS, "registered models");
            NextPage.announce(page, out);
        });
    }
}
