package io.capstan.monitoring.alert;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;

/**
 * When a window breaches a rule: its metric compared with a value.
 *
 * @param metric the window's number
 * @param op the comparison
 * @param value what the number is compared with; finite
 */
public record Condition(AlertMetric metric, Op op, double value) {

    /** Comparisons. */
    public enum Op {
        GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** The symbol, e.g. {@code ">="}. */
        public String symbol() {
            return symbol;
        }

        /** @throws CapstanException INVALID_PARAMETER_VALUE for an unknown symbol */
        public static Op fromSymbol(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw CapstanException.invalid("'condition.op' must be one of >, >=, <, <=, ==, !=; got '%s'", symbol);
        }

        boolean holds(double left, double right) {
            return switch (this) {
                case GT -> left > right;
                case GE -> left >= right;
                case LT -> left < right;
                case LE -> left <= right;
                case EQ -> left == right;
                case NE -> left != right;
            };
        }
    }

    public Condition {
        requireNonNull(metric, "metric is null");
        requireNonNull(op, "op is null");
        if (!Double.isFinite(value)) {
            throw CapstanException.invalid("'condition.value' must be a finite number");
        }
    }

    /** Whether a window's value breaches the rule. */
    public boolean breachedBy(double windowValue) {
        return op.holds(windowValue, value);
    }

    @Override
    public String toString() {
        return metric.text() + " " + op.symbol() + " " + value;
    }
}
