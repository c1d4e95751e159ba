package io.capstan.monitoring.monitor;

import io.capstan.core.CapstanException;

/** How a window's evaluation ended. */
public enum WindowStatus {
    /** Tested: the drift numbers are there. */
    OK,
    /** Fewer rows than the monitor's {@code min_rows}: not tested. */
    INSUFFICIENT_DATA,
    /** The evaluation failed; the message says why (e.g. the reference could not be read). */
    ERROR;

    /** The JSON name. */
    public String id() {
        return switch (this) {
            case OK -> "ok";
            case INSUFFICIENT_DATA -> "insufficient_data";
            case ERROR -> "error";
        };
    }

    /** @throws CapstanException INVALID_PARAMETER_VALUE for an unknown name */
    public static WindowStatus fromId(String id) {
        for (WindowStatus s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw CapstanException.invalid("Unknown window status '%s'", id);
    }
}
