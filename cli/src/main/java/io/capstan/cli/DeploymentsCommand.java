package io.capstan.cli;

import io.capstan.client.CapstanClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;
import io.capstan.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capstan deployments}: create, list, show and delete deployments on a Capstan server. */
@Command(name = "deployments", mixinStandardHelpOptions = true,
        description = "Create, list, show and delete model deployments (canary, shadow, alias-following) on a "
                + "Capstan server.",
        subcommands = {DeploymentsCommand.ListCommand.class, DeploymentsCommand.ShowCommand.class,
                DeploymentsCommand.CreateCommand.class, DeploymentsCommand.DeleteCommand.class})
public final class DeploymentsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, show, create or delete");
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("NAME", d -> d.path("spec").path("name").asText()),
            new Column("MODEL", d -> d.path("spec").path("model").asText()),
            new Column("FOLLOWS", d -> d.path("spec").has("alias") ? "@" + d.path("spec").path("alias").asText() : ""),
            new Column("TRAFFIC", d -> weights(d.path("weights"))),
            new Column("SHADOW", d -> d.path("shadow_version").asText("")),
            new Column("LAST EVENT", d -> {
                JsonNode events = d.path("events");
                JsonNode last = events.isEmpty() ? null : events.get(events.size() - 1);
                return last == null ? "" : last.path("type").asText() + ": " + last.path("message").asText();
            }));

    static String weights(JsonNode weights) {
        List<String> parts = new ArrayList<>();
        weights.forEach(w -> parts.add("v" + w.path("version").asText() + " " + w.path("weight").asInt() + "%"));
        return String.join(", ", parts);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List deployments and their traffic.")
    static final class ListCommand extends ServerSubcommand {

        @Override
        void run(CapstanClient client, Output out) {
            out.list(client.listDeployments(), COLUMNS, "deployments");
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a deployment: traffic in force, recent windows (requests, errors, p99, shadow "
                    + "disagreement) and events.")
    static final class ShowCommand extends ServerSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(CapstanClient client, Output out) {
            JsonNode deployment = client.getDeployment(name);
            if (out.json()) {
                out.json(deployment);
                return;
            }
            out.list(List.of(deployment), COLUMNS, "deployments");
            TextTable windows = new TextTable(List.of("WINDOW END", "VERSION", "WEIGHT", "REQUESTS", "ERRORS",
                    "P99 MS", "SHADOW", "DISAGREE"));
            deployment.path("windows").forEach(w -> windows.row(w.path("end").asText(), w.path("version").asText(),
                    w.path("weight").asText(), w.path("requests").asText(), w.path("errors").asText(),
                    String.format("%.2f", w.path("p99_ms").asDouble()), w.path("shadow_requests").asText(),
                    w.path("shadow_disagreements").asText()));
            out.section("Windows", windows);
            TextTable events = new TextTable(List.of("TIME", "EVENT", "WHAT"));
            deployment.path("events").forEach(e -> events.row(e.path("time").asText(), e.path("type").asText(),
                    e.path("message").asText()));
            out.section("Events", events);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create or replace a deployment. Either follow an alias (--alias champion: moving it rolls "
                    + "out) or give weights (--version 3=90 --version 4=10), or pass the whole JSON spec with --file.",
                    "Example: capstan deployments create iris --model iris --version 3=90 --version 4=10 "
                            + "--shadow 5 --max-p99-ms 50 --max-error-rate 0.05"})
    static final class CreateCommand extends ServerSubcommand {
        @Parameters(index = "0", paramLabel = "NAME", arity = "0..1",
                description = "The deployment's name: the name clients use in /v2/models/<name>.")
        String name;
        @Option(names = "--file", paramLabel = "SPEC.json", description = "The whole spec as JSON.")
        Path file;
        @Option(names = "--model", description = "The registered model (default: NAME).")
        String model;
        @Option(names = "--alias", description = "Follow this alias.")
        String alias;
        @Option(names = "--version", paramLabel = "VERSION=WEIGHT", description = "A version and its percent.")
        List<String> versions = new ArrayList<>();
        @Option(names = "--shadow", paramLabel = "VERSION", description = "A version that gets copies of every request.")
        String shadow;
        @Option(names = "--sticky-header", paramLabel = "HEADER", description = "Keep each value of this header on one version.")
        String stickyHeader;
        @Option(names = "--max-error-rate", description = "Roll a canary back above this error rate (0..1).")
        Double maxErrorRate;
        @Option(names = "--max-p99-ms", description = "Roll a canary back above this p99.")
        Double maxP99Ms;
        @Option(names = "--window-seconds", description = "Window length for rollback checks (default 10).")
        Double windowSeconds;
        @Option(names = "--consecutive-windows", description = "Windows over the limits before rolling back (default 3).")
        Integer consecutiveWindows;
        @Option(names = "--min-requests", description = "Requests a window needs to count (default 20).")
        Integer minRequests;

        @Override
        void run(CapstanClient client, Output out) {
            JsonNode status = client.applyDeployment(spec());
            if (out.json()) {
                out.json(status);
            } else {
                out.list(List.of(status), COLUMNS, "deployments");
            }
        }

        private ObjectNode spec() {
            if (file != null) {
                try {
                    JsonNode node = Json.mapper().readTree(Files.readString(file));
                    if (!(node instanceof ObjectNode object)) {
                        throw CapstanException.invalid("%s must hold a JSON object", file);
                    }
                    return object;
                } catch (IOException e) {
                    throw CapstanException.invalid("Cannot read %s: %s", file, e.getMessage());
                }
            }
            if (name == null) {
                throw CapstanException.invalid("Name the deployment (or give --file)");
            }
            ObjectNode node = Json.mapper().createObjectNode();
            node.put("name", name);
            node.put("model", model != null ? model : name);
            if (alias != null) {
                node.put("alias", alias);
            }
            ArrayNode traffic = node.putArray("traffic");
            for (String v : versions) {
                int eq = v.indexOf('=');
                if (eq < 1) {
                    throw CapstanException.invalid("--version takes VERSION=WEIGHT, got '%s'", v);
                }
                try {
                    traffic.addObject().put("version", v.substring(0, eq)).put("weight",
                            Integer.parseInt(v.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    throw CapstanException.invalid("The weight in '%s' is not a whole number", v);
                }
            }
            if (traffic.isEmpty()) {
                node.remove("traffic");
            }
            if (shadow != null) {
                node.put("shadow_version", shadow);
            }
            if (stickyHeader != null) {
                node.put("sticky_header", stickyHeader);
            }
            if (maxErrorRate != null || maxP99Ms != null || windowSeconds != null || consecutiveWindows != null
                    || minRequests != null) {
                ObjectNode rollback = node.putObject("rollback");
                if (maxErrorRate != null) {
                    rollback.put("max_error_rate", maxErrorRate);
                }
                if (maxP99Ms != null) {
                    rollback.put("max_p99_ms", maxP99Ms);
                }
                if (windowSeconds != null) {
                    rollback.put("window_seconds", windowSeconds);
                }
                if (consecutiveWindows != null) {
                    rollback.put("consecutive_windows", consecutiveWindows);
                }
                if (minRequests != null) {
                    rollback.put("min_requests", minRequests);
                }
            }
            return node;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Stop serving a deployment and forget it.")
    static final class DeleteCommand extends ServerSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(CapstanClient client, Output out) {
            client.deleteDeployment(name);
            out.message("Deleted deployment " + name + ".");
        }
    }
}
