package io.capstan.cli;

import io.capstan.client.CapstanClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capstan alerts}: create, list, show and delete alert rules; list their events. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Create, list and show alert rules over monitors, and their events (spec: docs/monitoring.md).",
        subcommands = {AlertsCommand.ListCommand.class, AlertsCommand.ShowCommand.class,
                AlertsCommand.EventsCommand.class, AlertsCommand.RedeliverCommand.class, AlertsCommand.CreateCommand.class,
                AlertsCommand.DeleteCommand.class})
public final class AlertsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "Missing subcommand: list, show, events, redeliver, create or delete");
    }

    private static final List<Column> RULES = List.of(
            new Column("NAME", r -> r.path("name").asText()),
            new Column("MONITOR", r -> r.path("monitor").asText()),
            new Column("CONDITION", r -> r.path("condition").path("metric").asText() + " "
                    + r.path("condition").path("op").asText() + " " + r.path("condition").path("value").asText()),
            new Column("FOR", r -> r.path("for_windows").asText()),
            new Column("STATE", r -> r.path("state").asText()),
            new Column("SINCE", r -> r.path("since").asText("")),
            new Column("ACTIONS", r -> {
                StringBuilder out = new StringBuilder();
                r.path("actions").forEach(a -> out.append(out.isEmpty() ? "" : ", ").append(a.path("type").asText()));
                return out.toString();
            }));

    private static final List<Column> EVENTS = List.of(
            new Column("CREATED", e -> e.path("created_at").asText()),
            new Column("KIND", e -> e.path("kind").asText()),
            new Column("WINDOW START", e -> e.path("window_start").asText()),
            new Column("VALUE", e -> e.path("value").asText("")),
            new Column("DELIVERIES", e -> {
                StringBuilder out = new StringBuilder();
                e.path("deliveries").forEach(d -> out.append(out.isEmpty() ? "" : ", ").append(d.path("type").asText())
                        .append(' ').append(d.path("status").asText()));
                return out.toString();
            }));

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List alert rules and their state.")
    static final class ListCommand extends ServerSubcommand {

        @Override
        void run(CapstanClient client, Output out) {
            out.list(client.listAlerts(), RULES, "alerts");
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an alert rule and its recent events.")
    static final class ShowCommand extends ServerSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(CapstanClient client, Output out) {
            JsonNode rule = client.getAlert(name);
            if (out.json()) {
                out.json(rule);
                return;
            }
            out.list(List.of(rule), RULES, "alerts");
            TextTable events = new TextTable(EVENTS.stream().map(Column::header).toList());
            for (JsonNode e : client.alertEvents(name, 10)) {
                events.row(EVENTS.stream().map(c -> c.cell().apply(e)).toArray(String[]::new));
            }
            out.section("Recent events", events);
        }
    }

    @Command(name = "events", mixinStandardHelpOptions = true, description = "List an alert rule's events, newest first.")
    static final class EventsCommand extends ServerSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--max-results", description = "Events to show (default 50).")
        int maxResults = 50;

        @Override
        void run(CapstanClient client, Output out) {
            out.list(client.alertEvents(name, maxResults), EVENTS, "events");
        }
    }

    @Command(name = "redeliver", mixinStandardHelpOptions = true,
            description = "Send an event's failed deliveries again (they were tried 8 times and gave up).")
    static final class RedeliverCommand extends ServerSubcommand {
        @Parameters(index = "0", paramLabel = "RULE")
        String rule;
        @Parameters(index = "1", paramLabel = "EVENT_ID")
        String event;

        @Override
        void run(CapstanClient client, Output out) {
            out.message( "Redelivering " + client.redeliverAlertEvent(rule, event) + " failed delivery(ies) of event " + event + ".");
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create or replace an alert rule from a JSON or YAML spec (docs/monitoring.md).",
                    "Example spec: {name: iris-drift, monitor: iris, condition: {metric: drift_share, op: '>=', "
                            + "value: 0.5}, for_windows: 2, actions: [{type: webhook, url: 'https://…'}, "
                            + "{type: retrain}]}"})
    static final class CreateCommand extends ServerSubcommand {
        @Option(names = "--file", required = true, paramLabel = "SPEC", description = "The spec, JSON or YAML.")
        Path file;

        @Override
        void run(CapstanClient client, Output out) {
            JsonNode rule = client.applyAlert(SpecFile.read(file));
            if (out.json()) {
                out.json(rule);
            } else {
                out.list(List.of(rule), RULES, "alerts");
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an alert rule and its events.")
    static final class DeleteCommand extends ServerSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(CapstanClient client, Output out) {
            client.deleteAlert(name);
            out.message("Deleted alert rule " + name + ".");
        }
    }
}
