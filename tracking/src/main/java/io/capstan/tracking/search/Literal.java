package io.capstan.tracking.search;

import java.util.List;
import java.util.Objects;

/** The right-hand side of a comparison. */
public sealed interface Literal {

    /** A quoted string. */
    record Text(String value) implements Literal {
        public Text {
            Objects.requireNonNull(value, "value is null");
        }
    }

    /** A bare number (metrics and numeric attributes). */
    record Number(double value) implements Literal {
    }

    /** A parenthesised list of strings, for IN / NOT IN. */
    record TextList(List<String> values) implements Literal {
        public TextList {
            values = List.copyOf(values);
        }
    }
}
