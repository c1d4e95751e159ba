package io.capstan.tracking;

import java.util.Objects;

/** A logged model a run consumed. */
public record ModelInput(String modelId) {
    public ModelInput {
        Objects.requireNonNull(modelId, "modelId is null");
    }
}
