package io.capstan.cli;

import io.capstan.client.CapstanClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.protocol.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code capstan runs show}: one run, or the history of one of its metrics. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one run: info, params, latest metrics and tags; or one metric's history.")
public final class ShowRunCommand extends ServerSubcommand {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run's ID.")
    String runId;
    @Option(names = "--metric-history", paramLabel = "KEY",
            description = "Print every logged value of this metric instead (step, value, timestamp).")
    String metricKey;

    @Override
    void run(CapstanClient client, Output out) {
        if (metricKey != null) {
            List<JsonNode> history = client.metricHistory(runId, metricKey);
            if (out.json()) {
                out.json(Json.mapper().valueToTree(history));
            } else {
                RunTables.printHistory(history, out);
            }
            return;
        }
        JsonNode run = client.getRun(runId);
        if (out.json()) {
            out.json(run);
        } else {
            RunTables.printDetail(run, out);
        }
    }
}
