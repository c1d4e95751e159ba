package io.capstan.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.capstan.protocol.Json;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/**
 * Where a command prints: data to {@code out} as a table or as JSON, messages to {@code err}.
 * Not thread-safe.
 */
final class Output {
    private final OutputFormat format;
    private final PrintWriter out;
    private final PrintWriter err;

    Output(OutputFormat format, PrintWriter out, PrintWriter err) {
        this.format = Objects.requireNonNull(format, "format is null");
        this.out = Objects.requireNonNull(out, "out is null");
        this.err = Objects.requireNonNull(err, "err is null");
    }

    /** Whether data should be printed as JSON. */
    boolean json() {
        return switch (format) {
            case JSON -> true;
            case TABLE -> false;
        };
    }

    /**
     * Prints objects: a table with the given columns, or a JSON array of the objects as received.
     * An empty table prints nothing and says so on stderr ("No experiments found.").
     *
     * @param plural the objects' name for that message, e.g. "experiments"
     */
    void list(List<JsonNode> items, List<Column> columns, String plural) {
        if (json()) {
            ArrayNode array = Json.mapper().createArrayNode();
            items.forEach(array::add);
            json(array);
            return;
        }
        if (items.isEmpty()) {
            message("No " + plural + " found.");
            return;
        }
        TextTable table = new TextTable(columns.stream().map(Column::header).toList());
        for (JsonNode item : items) {
            table.row(columns.stream().map(c -> c.cell().apply(item)).toArray(String[]::new));
        }
        table.print(out);
    }

    /** Prints one JSON value, pretty-printed. */
    void json(JsonNode value) {
        try {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot print a JSON value", e);
        }
    }

    /** Prints a table as it is. */
    void table(TextTable table) {
        table.print(out);
    }

    /** Prints a blank line, the title and the table, or "(none)" when the table is empty. */
    void section(String title, TextTable table) {
        out.println();
        out.println(title);
        if (table.isEmpty()) {
            out.println("(none)");
        } else {
            table.print(out);
        }
    }

    /** Prints a message for people on stderr. */
    void message(String text) {
        err.println(text);
    }

    void flush() {
        out.flush();
        err.flush();
    }
}
