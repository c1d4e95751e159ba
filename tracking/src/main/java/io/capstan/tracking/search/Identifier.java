package io.capstan.tracking.search;

import java.util.Objects;

/**
 * A resolved identifier. For {@link EntityKind#ATTRIBUTE} and {@link EntityKind#DATASET} the key
 * is the canonical attribute name (aliases such as {@code created} or {@code `Run Name`} are
 * already mapped: {@code start_time}, {@code run_name}); for metrics, params and tags it is the
 * user's key, unquoted.
 */
public record Identifier(EntityKind kind, String key) {
    public Identifier {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(key, "key is null");
    }
}
