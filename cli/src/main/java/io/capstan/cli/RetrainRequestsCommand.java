package io.capstan.cli;

import io.capstan.client.CapstanClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capstan retrain-requests}: what alerts asked to retrain; a pipeline claims and completes them. */
@Command(name = "retrain-requests", mixinStandardHelpOptions = true,
        description = "List retrain requests raised by alerts; claim and complete them from a pipeline.",
        subcommands = {RetrainRequestsCommand.ListCommand.class, RetrainRequestsCommand.ClaimCommand.class,
                RetrainRequestsCommand.CompleteCommand.class})
public final class RetrainRequestsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, claim or complete");
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("ID", r -> r.path("id").asText()),
            new Column("STATUS", r -> r.path("status").asText()),
            new Column("MODEL", r -> r.path("model").isTextual()
                    ? r.path("model").asText() + " v" + r.path("model_version").asText("?") : ""),
            new Column("MONITOR", r -> r.path("monitor").asText()),
            new Column("REASON", r -> r.path("reason").asText()),
            new Column("CREATED", r -> r.path("created_at").asText()),
            new Column("CLAIMED BY", r -> r.path("claimed_by").asText("")));

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List retrain requests, newest first.")
    static final class ListCommand extends ServerSubcommand {
        @Option(names = "--status", description = "pending, claimed, succeeded or failed (default: all).")
        String status;
        @Option(names = "--monitor", description = "Only those of this monitor.")
        String monitor;
        @Option(names = "--max-results", description = "Requests to show (default 50).")
        int maxResults = 50;

        @Override
        void run(CapstanClient client, Output out) {
            out.list(client.retrainRequests(status, monitor, maxResults), COLUMNS, "retrain_requests");
        }
    }

    @Command(name = "claim", mixinStandardHelpOptions = true,
            description = "Claim a pending request (exit 4 with RESOURCE_CONFLICT when someone else has).")
    static final class ClaimCommand extends ServerSubcommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Option(names = "--worker", required = true, description = "Who claims it, e.g. the pipeline run.")
        String worker;

        @Override
        void run(CapstanClient client, Output out) {
            out.list(List.of(client.claimRetrainRequest(id, worker)), COLUMNS, "retrain_requests");
        }
    }

    @Command(name = "complete", mixinStandardHelpOptions = true, description = "Complete a claimed request.")
    static final class CompleteCommand extends ServerSubcommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Option(names = "--status", required = true, description = "succeeded or failed.")
        String status;
        @Option(names = "--result", description = "What came of it, e.g. the new run's id.")
        String result;

        @Override
        void run(CapstanClient client, Output out) {
            out.list(List.of(client.completeRetrainRequest(id, status, result)), COLUMNS, "retrain_requests");
        }
    }
}
