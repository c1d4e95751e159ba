package io.capstan.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Text in aligned columns: each column as wide as its widest cell, two spaces between columns,
 * no trailing spaces. Line breaks and tabs inside a cell become spaces so that a row stays one line.
 * Not thread-safe.
 */
final class TextTable {
    private static final String GAP = "  ";
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with a header line; no header line when {@code headers} is empty. */
    TextTable(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    /** Adds a row; null cells print empty. */
    TextTable row(String... cells) {
        List<String> row = new ArrayList<>(cells.length);
        for (String cell : cells) {
            row.add(cell == null ? "" : cell.replaceAll("[\\r\\n\\t]+", " "));
        }
        rows.add(row);
        return this;
    }

    /** Whether no row was added. */
    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Prints the header line (if any) and the rows. */
    void print(PrintWriter out) {
        List<List<String>> lines = new ArrayList<>();
        if (!headers.isEmpty()) {
            lines.add(headers);
        }
        lines.addAll(rows);
        int columns = lines.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], width(line.get(i)));
            }
        }
        for (List<String> line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                String cell = line.get(i);
                text.append(cell);
                if (i < line.size() - 1) {
                    text.append(" ".repeat(widths[i] - width(cell))).append(GAP);
                }
            }
            out.println(text.toString().stripTrailing());
        }
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
