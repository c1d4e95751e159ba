package io.capstan.registry;

import java.util.Objects;

/** A named pointer from a registered model to one of its versions ({@code @champion -> 3}). */
public record RegisteredModelAlias(String alias, long version) {
    public RegisteredModelAlias {
        Objects.requireNonNull(alias, "alias is null");
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive, got " + version);
        }
    }
}
