package io.capstan.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Tables of MLflow's {@code [{"key": ..., "value": ...}]} lists (tags, params), sorted by key. */
final class KeyValues {
    private KeyValues() {
    }

    /** A KEY/VALUE table of the list; empty when the node is absent. */
    static TextTable table(JsonNode keyValues) {
        TextTable table = new TextTable(List.of("KEY", "VALUE"));
        sortedByKey(keyValues).forEach(kv -> table.row(Cells.text(kv, "key"), Cells.text(kv, "value")));
        return table;
    }

    /** The list's objects ordered by their {@code key}; empty when the node is absent. */
    static List<JsonNode> sortedByKey(JsonNode list) {
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        items.sort(Comparator.comparing(kv -> Cells.text(kv, "key")));
        return items;
    }
}
