package io.capstan.tracking;

import java.util.Objects;

/** A logged model a run produced, at a step. */
public record ModelOutput(String modelId, long step) {
    public ModelOutput {
        Objects.requireNonNull(modelId, "modelId is null");
    }
}
