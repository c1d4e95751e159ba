package io.capstan.tracking.search;

import io.capstan.core.CapstanException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Builds the INVALID_PARAMETER_VALUE exceptions of the search grammar, with MLflow's wording and
 * Python's way of printing collections, but in a stable order (MLflow prints Python sets in hash
 * order; we sort them, which is also how a set of strings reads best).
 */
final class SearchErrors {

    private SearchErrors() {
    }

    /**
     * The message is used verbatim: user text in it may contain {@code %}, so it must never be a
     * format pattern.
     */
    static CapstanException invalid(String message) {
        return CapstanException.invalid("%s", message);
    }

    /** Python's repr of a set of strings, sorted: {@code {'a', 'b'}}. */
    static String sortedSet(Collection<String> values) {
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return join("{", sorted, "}");
    }

    /** Python's repr of a set whose order we choose: {@code {'=', '!='}}. */
    static String orderedSet(Collection<String> values) {
        return join("{", values, "}");
    }

    /** Python's repr of a list of strings: {@code ['a', 'b']}. */
    static String list(Collection<String> values) {
        return join("[", values, "]");
    }

    /** Python's repr of a tuple of strings: {@code ('a', 'b')}. */
    static String tuple(Collection<String> values) {
        return join("(", values, ")");
    }

    /** Python's repr of a string, as MLflow's messages quote values. */
    static String repr(String value) {
        return io.capstan.tracking.Limits.pythonRepr(value);
    }

    private static String join(String open, Collection<String> values, String close) {
        StringBuilder out = new StringBuilder(open);
        boolean first = true;
        for (String value : values) {
            if (!first) {
                out.append(", ");
            }
            out.append(repr(value));
            first = false;
        }
        return out.append(close).toString();
    }
}
