package io.capstan.tracking;

import io.capstan.core.CapstanException;

/** Soft-delete state of an experiment or run; the wire writes it lower-case. */
public enum LifecycleStage {
    ACTIVE("active"),
    DELETED("deleted");

    private final String wire;

    LifecycleStage(String wire) {
        this.wire = wire;
    }

    /** {@code active} or {@code deleted}. */
    public String wire() {
        return wire;
    }

    /** @throws CapstanException INVALID_PARAMETER_VALUE for any other text */
    public static LifecycleStage fromWire(String text) {
        for (LifecycleStage stage : values()) {
            if (stage.wire.equals(text)) {
                return stage;
            }
        }
        throw CapstanException.invalid("Invalid lifecycle stage '%s'", text);
    }
}
