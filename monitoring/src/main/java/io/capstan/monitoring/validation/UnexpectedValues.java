package io.capstan.monitoring.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The present values of a column that a check did not expect: how many, and the first of them in row
 * order.
 *
 * @param count how many
 * @param first the first ones in row order (as many as asked for); copied, not null; values are
 *     {@code Double}, {@code String} or {@code Boolean}
 */
public record UnexpectedValues(long count, List<Object> first) {
    public UnexpectedValues {
        // List.copyOf refuses nulls, and the values never are; keep a plain unmodifiable copy anyway
        first = Collections.unmodifiableList(new ArrayList<>(first));
    }
}
