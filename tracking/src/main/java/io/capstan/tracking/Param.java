package io.capstan.tracking;

import java.util.Objects;

/** An immutable run (or logged-model) parameter: once logged, its value never changes. */
public record Param(String key, String value) {
    public Param {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(value, "value is null");
    }
}
