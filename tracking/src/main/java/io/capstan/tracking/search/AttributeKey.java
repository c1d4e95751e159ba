package io.capstan.tracking.search;

import java.util.Objects;

/**
 * An attribute name a schema accepts, and the canonical key it resolves to in an
 * {@link Identifier} of kind {@link EntityKind#ATTRIBUTE}.
 *
 * @param written the name as the user may write it ({@code created}, {@code Run Name})
 * @param canonical the name stores see ({@code start_time}, {@code run_name})
 * @param numeric whether values are numbers (compared with {@code < <= > >= = !=})
 */
record AttributeKey(String written, String canonical, boolean numeric) {

    AttributeKey {
        Objects.requireNonNull(written, "written is null");
        Objects.requireNonNull(canonical, "canonical is null");
    }

    static AttributeKey text(String name) {
        return new AttributeKey(name, name, false);
    }

    static AttributeKey number(String name) {
        return new AttributeKey(name, name, true);
    }

    static AttributeKey textAlias(String written, String canonical) {
        return new AttributeKey(written, canonical, false);
    }

    static AttributeKey numberAlias(String written, String canonical) {
        return new AttributeKey(written, canonical, true);
    }
}
