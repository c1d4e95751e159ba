package io.capstan.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.function.Function;

/**
 * One column of a list table: its header and how to read its cell from a server object.
 *
 * @param header the header text, upper case by convention
 * @param cell reads the cell text from one object; returns "" for nothing, never null
 */
record Column(String header, Function<JsonNode, String> cell) {
    Column {
        Objects.requireNonNull(header, "header is null");
        Objects.requireNonNull(cell, "cell is null");
    }
}
