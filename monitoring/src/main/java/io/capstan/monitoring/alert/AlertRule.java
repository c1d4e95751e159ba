package io.capstan.monitoring.alert;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import java.util.List;

/**
 * A rule over one monitor's windows: it fires once the condition has held in {@code forWindows}
 * consecutive windows and resolves once it has not held in {@code resolveWindows} consecutive ones;
 * windows without the metric count toward neither.
 *
 * @param name 1-128 letters, digits, {@code . _ -}
 * @param monitor the monitor watched
 * @param condition when a window breaches
 * @param forWindows consecutive breaching windows before firing: 1-1000
 * @param resolveWindows consecutive good windows before resolving: 1-1000
 * @param actions what happens on each event; copied, at most 10
 */
public record AlertRule(String name, String monitor, Condition condition, int forWindows, int resolveWindows,
        List<AlertAction> actions) {
    public AlertRule {
        requireNonNull(name, "name is null");
        requireNonNull(monitor, "monitor is null");
        requireNonNull(condition, "condition is null");
        actions = List.copyOf(requireNonNull(actions, "actions is null"));
        if (!name.matches("[A-Za-z0-9._-]{1,128}")) {
            throw CapstanException.invalid("Alert rule name '%s' must be 1-128 letters, digits, '.', '_' or '-'", name);
        }
        if (monitor.isBlank()) {
            throw CapstanException.invalid("Alert rule '%s' needs a 'monitor'", name);
        }
        if (forWindows < 1 || forWindows > 1000 || resolveWindows < 1 || resolveWindows > 1000) {
            throw CapstanException.invalid("'for_windows' and 'resolve_windows' must be 1 to 1000");
        }
        if (actions.size() > 10) {
            throw CapstanException.invalid("At most 10 actions per rule, got %d", actions.size());
        }
    }

    /** Whether {@code other} watches the same thing the same way (the actions may differ). */
    public boolean sameTrigger(AlertRule other) {
        return monitor.equals(other.monitor) && condition.equals(other.condition) && forWindows == other.forWindows
                && resolveWindows == other.resolveWindows;
    }
}
