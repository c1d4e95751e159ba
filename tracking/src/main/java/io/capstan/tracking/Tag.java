package io.capstan.tracking;

import java.util.Objects;

/** A mutable key/value label on an experiment, run or logged model. */
public record Tag(String key, String value) {
    public Tag {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(value, "value is null");
    }
}
