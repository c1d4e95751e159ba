package io.capstan.tracking.search;

import java.util.Objects;

/** One order-by clause. */
public record OrderBy(Identifier identifier, boolean ascending) {
    public OrderBy {
        Objects.requireNonNull(identifier, "identifier is null");
    }
}
