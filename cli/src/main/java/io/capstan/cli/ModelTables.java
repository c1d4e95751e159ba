package io.capstan.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** What registered-model and model-version tables show. */
final class ModelTables {
    /** The columns of {@code models list} and {@code models search}. */
    static final List<Column> COLUMNS = List.of(
            new Column("NAME", m -> Cells.text(m, "name")),
            new Column("LATEST VERSION", ModelTables::latestVersion),
            new Column("ALIASES", ModelTables::aliases),
            new Column("UPDATED", m -> Cells.time(m, "last_updated_timestamp")),
            new Column("DESCRIPTION", m -> Cells.shortened(Cells.text(m, "description"))));

    private ModelTables() {
    }

    /**
     * Prints a registered model's fields, its aliases, its versions (newest first, each with the
     * aliases pointing at it) and its tags.
     */
    static void printDetail(JsonNode model, List<JsonNode> versions, Output output) {
        output.table(new TextTable(List.of())
                .row("Name:", Cells.text(model, "name"))
                .row("Description:", Cells.text(model, "description"))
                .row("Created:", Cells.time(model, "creation_timestamp"))
                .row("Last updated:", Cells.time(model, "last_updated_timestamp")));
        TextTable aliases = new TextTable(List.of("ALIAS", "VERSION"));
        model.path("aliases").forEach(a -> aliases.row(Cells.text(a, "alias"), Cells.text(a, "version")));
        output.section("Aliases", aliases);
        TextTable table = new TextTable(List.of("VERSION", "STAGE", "STATUS", "ALIASES", "RUN ID", "CREATED", "SOURCE"));
        for (JsonNode version : newestFirst(versions)) {
            table.row(Cells.text(version, "version"), Cells.text(version, "current_stage"), Cells.text(version, "status"),
                    aliasesOf(model, Cells.text(version, "version")), Cells.text(version, "run_id"),
                    Cells.time(version, "creation_timestamp"), Cells.text(version, "source"));
        }
        output.section("Versions", table);
        output.section("Tags", KeyValues.table(model.path("tags")));
    }

    /** Prints one model version's fields and tags. */
    static void printVersion(JsonNode version, Output output) {
        List<String> aliases = new ArrayList<>();
        version.path("aliases").forEach(a -> aliases.add(a.asText()));
        output.table(new TextTable(List.of())
                .row("Name:", Cells.text(version, "name"))
                .row("Version:", Cells.text(version, "version"))
                .row("Aliases:", String.join(", ", aliases))
                .row("Stage:", Cells.text(version, "current_stage"))
                .row("Status:", Cells.text(version, "status"))
                .row("Run ID:", Cells.text(version, "run_id"))
                .row("Source:", Cells.text(version, "source"))
                .row("Description:", Cells.text(version, "description"))
                .row("Created:", Cells.time(version, "creation_timestamp"))
                .row("Last updated:", Cells.time(version, "last_updated_timestamp")));
        output.section("Tags", KeyValues.table(version.path("tags")));
    }

    /** Versions by number, highest first; versions that are not numbers go last. */
    static List<JsonNode> newestFirst(List<JsonNode> versions) {
        List<JsonNode> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparingLong((JsonNode v) -> versionNumber(Cells.text(v, "version"))).reversed());
        return sorted;
    }

    private static String latestVersion(JsonNode model) {
        long latest = -1;
        for (JsonNode version : model.path("latest_versions")) {
            latest = Math.max(latest, versionNumber(Cells.text(version, "version")));
        }
        return latest < 0 ? "" : Long.toString(latest);
    }

    private static String aliases(JsonNode model) {
        List<String> pairs = new ArrayList<>();
        model.path("aliases").forEach(a -> pairs.add(Cells.text(a, "alias") + "=" + Cells.text(a, "version")));
        return String.join(", ", pairs);
    }

    // registered_model.aliases is authoritative: MLflow leaves aliases out of searched versions
    private static String aliasesOf(JsonNode model, String version) {
        List<String> names = new ArrayList<>();
        model.path("aliases").forEach(a -> {
            if (Cells.text(a, "version").equals(version)) {
                names.add(Cells.text(a, "alias"));
            }
        });
        return names.stream().sorted().collect(Collectors.joining(", "));
    }

    private static long versionNumber(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
