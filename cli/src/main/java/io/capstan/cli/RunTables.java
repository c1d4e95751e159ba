package io.capstan.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** What run tables show. */
final class RunTables {
    /** The columns of {@code runs list} and {@code runs search}. */
    static final List<Column> COLUMNS = List.of(
            new Column("RUN ID", r -> Cells.text(r.path("info"), "run_id")),
            new Column("NAME", r -> Cells.text(r.path("info"), "run_name")),
            new Column("EXPERIMENT", r -> Cells.text(r.path("info"), "experiment_id")),
            new Column("STATUS", r -> Cells.text(r.path("info"), "status")),
            new Column("STARTED", r -> Cells.time(r.path("info"), "start_time")),
            new Column("ENDED", r -> Cells.time(r.path("info"), "end_time")));

    private RunTables() {
    }

    /** Prints one run's info, then its params, latest metrics and tags, each sorted by key. */
    static void printDetail(JsonNode run, Output output) {
        JsonNode info = run.path("info");
        output.table(new TextTable(List.of())
                .row("Run ID:", Cells.text(info, "run_id"))
                .row("Name:", Cells.text(info, "run_name"))
                .row("Experiment ID:", Cells.text(info, "experiment_id"))
                .row("Status:", Cells.text(info, "status"))
                .row("Lifecycle stage:", Cells.text(info, "lifecycle_stage"))
                .row("User:", Cells.text(info, "user_id"))
                .row("Started:", Cells.time(info, "start_time"))
                .row("Ended:", Cells.time(info, "end_time"))
                .row("Artifact URI:", Cells.text(info, "artifact_uri")));
        JsonNode data = run.path("data");
        output.section("Params", KeyValues.table(data.path("params")));
        TextTable metrics = new TextTable(List.of("KEY", "VALUE", "STEP", "TIMESTAMP"));
        KeyValues.sortedByKey(data.path("metrics")).forEach(m -> metrics.row(Cells.text(m, "key"),
                Cells.text(m, "value"), Cells.text(m, "step"), Cells.time(m, "timestamp")));
        output.section("Metrics (latest)", metrics);
        output.section("Tags", KeyValues.table(data.path("tags")));
    }

    /** Prints a metric's history as STEP/VALUE/TIMESTAMP rows in the server's order. */
    static void printHistory(List<JsonNode> history, Output output) {
        TextTable table = new TextTable(List.of("STEP", "VALUE", "TIMESTAMP"));
        history.forEach(m -> table.row(Cells.text(m, "step"), Cells.text(m, "value"), Cells.time(m, "timestamp")));
        output.table(table);
    }
}
