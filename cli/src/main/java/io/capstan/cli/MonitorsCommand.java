package io.capstan.cli;

import io.capstan.client.CapstanClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.core.Page;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code capstan monitors}: create, list, show, evaluate and delete monitors on a Capstan server. */
@Command(name = "monitors", mixinStandardHelpOptions = true,
        description = "Create, list and show drift/quality monitors and their windows on a Capstan server "
                + "(spec: docs/monitoring.md).",
        subcommands = {MonitorsCommand.ListCommand.class, MonitorsCommand.ShowCommand.class,
                MonitorsCommand.WindowsCommand.class, MonitorsCommand.CreateCommand.class,
                MonitorsCommand.EvaluateCommand.class, MonitorsCommand.DeleteCommand.class})
public final class MonitorsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "Missing subcommand: list, show, windows, create, evaluate or delete");
    }

    private static final List<Column> MONITORS = List.of(
            new Column("NAME", m -> m.path("name").asText()),
            new Column("SOURCE", m -> m.path("source").has("deployment")
                    ? "deployment " + m.path("source").path("deployment").asText()
                    : m.path("source").path("path").asText()),
            new Column("WINDOW", m -> m.path("window_seconds").asText() + " s"),
            new Column("LATEST", m -> m.path("latest_window").isObject()
                    ? m.path("latest_window").path("window_start").asText() : ""),
            new Column("STATUS", m -> m.path("latest_window").path("status").asText("")),
            new Column("DRIFT SHARE", m -> number(m.path("latest_window").path("drift_share"))),
            new Column("DRIFT", m -> yesNo(m.path("latest_window").path("dataset_drift"))));

    static final List<Column> WINDOWS = List.of(
            new Column("WINDOW START", w -> w.path("window_start").asText()),
            new Column("STATUS", w -> w.path("status").asText()),
            new Column("ROWS", w -> w.path("rows").asText()),
            new Column("DRIFT SHARE", w -> number(w.path("drift_share"))),
            new Column("DRIFT", w -> yesNo(w.path("dataset_drift"))),
            new Column("DRIFTED", w -> drifted(w)),
            new Column("QUALITY", w -> quality(w.path("quality"))));

    static String number(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.3f", v.asDouble()) : "";
    }

    static String yesNo(JsonNode v) {
        return v.isBoolean() ? (v.asBoolean() ? "yes" : "no") : "";
    }

    private static String drifted(JsonNode w) {
        StringBuilder out = new StringBuilder();
        w.path("columns").forEach(c -> {
            if (c.path("drift_detected").asBoolean()) {
                out.append(out.isEmpty() ? "" : ", ").append(c.path("column").asText());
            }
        });
        return out.toString();
    }

    private static String quality(JsonNode q) {
        if (!q.isObject()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        q.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("labelled_rows")) {
                out.append(out.isEmpty() ? "" : " ").append(e.getKey()).append('=')
                        .append(String.format(Locale.ROOT, "%.3f", e.getValue().asDouble()));
            }
        });
        return out + " (" + q.path("labelled_rows").asText() + " labelled)";
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List monitors and their newest window.")
    static final class ListCommand extends ServerSubcommand {

        @Override
        void run(CapstanClient client, Output out) {
            out.list(client.listMonitors(), MONITORS, "monitors");
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a monitor and its recent windows.")
    static final class ShowCommand extends ServerSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(CapstanClient client, Output out) {
            JsonNode monitor = client.getMonitor(name);
            if (out.json()) {
                out.json(monitor);
                return;
            }
            out.list(List.of(monitor), MONITORS, "monitors");
            TextTable windows = new TextTable(WINDOWS.stream().map(Column::header).toList());
            for (JsonNode w : client.monitorWindows(name, 10, null).items()) {
                windows.row(WINDOWS.stream().map(c -> c.cell().apply(w)).toArray(String[]::new));
            }
            out.section("Recent windows", windows);
        }
    }

    @Command(name = "windows", mixinStandardHelpOptions = true,
            description = "List a monitor's evaluated windows, newest first.")
    static final class WindowsCommand extends ServerSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--max-results", description = "Windows to show (default 24).")
        int maxResults = 24;
        @Option(names = "--page-token", description = "Continue where a previous page ended.")
        String pageToken;

        @Override
        void run(CapstanClient client, Output out) {
            Page<JsonNode> page = client.monitorWindows(name, maxResults, pageToken);
            out.list(page.items(), WINDOWS, "windows");
            NextPage.announce(page, out);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create or replace a monitor from a JSON or YAML spec (docs/monitoring.md).",
                    "Example spec: {name: iris, source: {deployment: iris}, reference: {uri: 'runs:/<run>/train.csv'},"
                            + " window_seconds: 3600}"})
    static final class CreateCommand extends ServerSubcommand {
        @Option(names = "--file", required = true, paramLabel = "SPEC", description = "The spec, JSON or YAML.")
        Path file;

        @Override
        void run(CapstanClient client, Output out) {
            JsonNode monitor = client.applyMonitor(SpecFile.read(file));
            if (out.json()) {
                out.json(monitor);
            } else {
                out.list(List.of(monitor), MONITORS, "monitors");
            }
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Evaluate a monitor's due windows now, or one closed window again (--window-start).")
    static final class EvaluateCommand extends ServerSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--window-start", paramLabel = "TIME", description = "e.g. 2026-12-01T10:00:00Z")
        String windowStart;

        @Override
        void run(CapstanClient client, Output out) {
            out.list(client.evaluateMonitor(name, windowStart), WINDOWS, "windows");
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a monitor and its windows.")
    static final class DeleteCommand extends ServerSubcommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(CapstanClient client, Output out) {
            client.deleteMonitor(name);
            out.message("Deleted monitor " + name + ".");
        }
    }
}
