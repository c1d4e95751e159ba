package io.capstan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.client.CapstanClient;
import io.capstan.client.Pages;
import io.capstan.client.SearchQuery;
import io.capstan.core.CapstanException;
import io.capstan.protocol.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code capstan models show}: a registered model with its aliases and versions, or one version. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show a registered model: fields, aliases, versions (newest first) and tags;",
                "or one version with --version. JSON output of a model is",
                "{\"registered_model\": {...}, \"model_versions\": [...]}."})
public final class ShowModelCommand extends ServerSubcommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The registered model's name.")
    String name;
    @Option(names = "--version", paramLabel = "VERSION", description = "Show only this version of the model.")
    String version;

    @Override
    void run(CapstanClient client, Output out) {
        if (version != null) {
            JsonNode modelVersion = client.getModelVersion(name, version);
            if (out.json()) {
                out.json(modelVersion);
            } else {
                ModelTables.printVersion(modelVersion, out);
            }
            return;
        }
        JsonNode model = client.getRegisteredModel(name);
        List<JsonNode> versions = versionsOf(client, name);
        if (out.json()) {
            ObjectNode both = Json.mapper().createObjectNode();
            both.set("registered_model", model);
            both.set("model_versions", Json.mapper().valueToTree(ModelTables.newestFirst(versions)));
            out.json(both);
        } else {
            ModelTables.printDetail(model, versions, out);
        }
    }

    private static List<JsonNode> versionsOf(CapstanClient client, String name) {
        SearchQuery query = SearchQuery.all().withFilter("name=" + quoted(name));
        return Pages.collect(token -> client.searchModelVersions(query.withPageToken(token)), Integer.MAX_VALUE);
    }

    /** The name as a string literal of MLflow's filter grammar, which has no escapes. */
    static String quoted(String name) {
        if (!name.contains("'")) {
            return "'" + name + "'";
        }
        if (!name.contains("\"")) {
            return "\"" + name + "\"";
        }
        throw CapstanException.invalid("Cannot search the versions of a model whose name holds both ' and \": %s", name);
    }
}
