package io.capstan.monitoring.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Where a rule stands. Stored with a version, so that servers sharing a store move a rule forward
 * one at a time (compare-and-set).
 *
 * @param rule the rule's name
 * @param firing whether it is firing
 * @param since when it last changed between ok and firing, or null if never
 * @param cursor the start of the last window it has stepped over, or null before the first
 * @param breaching consecutive breaching windows counted (toward firing, or while firing)
 * @param good consecutive good windows counted (toward resolving, or while ok)
 * @param version increases with every change
 */
public record AlertState(String rule, boolean firing, Instant since, Instant cursor, int breaching, int good,
        long version) {
    public AlertState {
        requireNonNull(rule, "rule is null");
    }

    /** The state of a rule that has seen no window. */
    public static AlertState initial(String rule) {
        return new AlertState(rule, false, null, null, 0, 0, 0);
    }

    /** What one window did to a state. */
    public enum Transition {
        /** Nothing changed but the counts. */
        NONE,
        /** The rule started firing. */
        FIRED,
        /** The rule stopped firing. */
        RESOLVED
    }

    /** A state after a step and what the step did. */
    public record Step(AlertState state, Transition transition) {
    }

    /**
     * Steps over one window: counts it as breaching or good, and fires or resolves on reaching the rule's
     * counts. The version is left alone; the store bumps it.
     *
     * @param windowStart the window's start, the new cursor
     * @param breached whether the window breached the condition
     * @param time when the step happens, the {@code since} of a transition
     */
    public Step step(AlertRule rule, Instant windowStart, boolean breached, Instant time) {
        int b = breached ? breaching + 1 : 0;
        int g = breached ? 0 : good + 1;
        if (!firing && breached && b >= rule.forWindows()) {
            return new Step(new AlertState(this.rule, true, time, windowStart, b, g, version), Transition.FIRED);
        }
        if (firing && !breached && g >= rule.resolveWindows()) {
            return new Step(new AlertState(this.rule, false, time, windowStart, b, g, version), Transition.RESOLVED);
        }
        return new Step(new AlertState(this.rule, firing, since, windowStart, b, g, version), Transition.NONE);
    }

    /** Returns this state moved to a window without counting it (the window lacked the metric). */
    public AlertState skip(Instant windowStart) {
        return new AlertState(rule, firing, since, windowStart, breaching, good, version);
    }
}
