package io.capstan.tracking.search;

import java.util.Objects;

/** One {@code identifier comparator literal} term; a filter is an AND of these. */
public record Comparison(Identifier identifier, Comparator comparator, Literal literal) {
    public Comparison {
        Objects.requireNonNull(identifier, "identifier is null");
        Objects.requireNonNull(comparator, "comparator is null");
        Objects.requireNonNull(literal, "literal is null");
    }
}
