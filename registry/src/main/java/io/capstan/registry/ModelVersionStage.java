package io.capstan.registry;

import io.capstan.core.CapstanException;

import java.util.Locale;

/**
 * The deprecated-but-supported lifecycle stage of a model version. Input is case-insensitive;
 * output is always the canonical spelling MLflow uses ({@code None}, {@code Staging},
 * {@code Production}, {@code Archived}).
 */
public enum ModelVersionStage {
    NONE("None"),
    STAGING("Staging"),
    PRODUCTION("Production"),
    ARCHIVED("Archived");

    private final String wire;

    ModelVersionStage(String wire) {
        this.wire = wire;
    }

    /** The canonical spelling, as stored and sent. */
    public String wire() {
        return wire;
    }

    /**
     * Whether {@code archive_existing_versions} may be used when moving into this stage
     * (MLflow's "active" stages).
     */
    public boolean isActive() {
        return switch (this) {
            case STAGING, PRODUCTION -> true;
            case NONE, ARCHIVED -> false;
        };
    }

    /**
     * The stage a client wrote, in any letter case.
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE for anything else (null included)
     */
    public static ModelVersionStage parse(String text) {
        if (text != null) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (ModelVersionStage stage : values()) {
                if (stage.wire.toLowerCase(Locale.ROOT).equals(lower)) {
                    return stage;
                }
            }
        }
        throw CapstanException.invalid("Invalid Model Version stage: %s. Value must be one of None, Staging, "
                + "Production, Archived.", text);
    }
}
