package io.capstan.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Reads table cells from the server's JSON: absent and null fields read as "". */
final class Cells {
    private static final int ELLIPSIS_FROM = 60;

    private Cells() {
    }

    /** The field's text ("" when absent or null); numbers print as the server wrote them. */
    static String text(JsonNode object, String field) {
        JsonNode value = object.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }

    /**
     * An epoch-milliseconds field as a UTC instant to the second, e.g. {@code 2026-01-31T09:15:00Z};
     * "" when absent or not a number.
     */
    static String time(JsonNode object, String field) {
        JsonNode value = object.path(field);
        // protobuf's JSON mapping may write int64 as a string
        boolean millis = value.isIntegralNumber() || value.isTextual() && value.asText().matches("-?\\d{1,18}");
        if (!millis) {
            return "";
        }
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(value.asLong()).truncatedTo(ChronoUnit.SECONDS));
    }

    /** The text cut to one table-friendly length, marked with "..." when cut. */
    static String shortened(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= ELLIPSIS_FROM ? line : line.substring(0, ELLIPSIS_FROM - 3) + "...";
    }
}
