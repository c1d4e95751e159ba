package io.capstan.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** What experiment tables show. */
final class ExperimentTables {
    /** The columns of {@code experiments list} and {@code experiments search}. */
    static final List<Column> COLUMNS = List.of(
            new Column("ID", e -> Cells.text(e, "experiment_id")),
            new Column("NAME", e -> Cells.text(e, "name")),
            new Column("STAGE", e -> Cells.text(e, "lifecycle_stage")),
            new Column("CREATED", e -> Cells.time(e, "creation_time")),
            new Column("ARTIFACT LOCATION", e -> Cells.text(e, "artifact_location")));

    private ExperimentTables() {
    }

    /** Prints one experiment's fields, then its tags. */
    static void printDetail(JsonNode experiment, Output output) {
        output.table(new TextTable(List.of())
                .row("Experiment ID:", Cells.text(experiment, "experiment_id"))
                .row("Name:", Cells.text(experiment, "name"))
                .row("Lifecycle stage:", Cells.text(experiment, "lifecycle_stage"))
                .row("Artifact location:", Cells.text(experiment, "artifact_location"))
                .row("Created:", Cells.time(experiment, "creation_time"))
                .row("Last updated:", Cells.time(experiment, "last_update_time")));
        output.section("Tags", KeyValues.table(experiment.path("tags")));
    }
}
