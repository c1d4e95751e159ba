package io.capstan.store.sql;

import io.capstan.core.CapstanException;
import io.capstan.tracking.LoggedModel;
import io.capstan.tracking.Metric;
import io.capstan.tracking.search.Comparison;
import io.capstan.tracking.search.EntityKind;
import io.capstan.tracking.search.Literal;
import io.capstan.tracking.search.OrderBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Metric filters and sorts over logged models, evaluated on loaded models: a model's metric
 * value is its latest point per key (max step, then timestamp). Logged models per experiment are
 * few, so this stays cheap and keeps the SQL simple.
 */
final class LoggedModelMetrics {
    private LoggedModelMetrics() {
    }

    static boolean matches(LoggedModel model, List<Comparison> metricFilters) {
        for (Comparison f : metricFilters) {
            OptionalDouble value = latest(model, f.identifier().key());
            if (value.isEmpty() || Double.isNaN(value.getAsDouble())) {
                return false;
            }
            double target = switch (f.literal()) {
                case Literal.Number n -> n.value();
                case Literal.Text t -> throw CapstanException.invalid("Expected numeric value type for metric");
                case Literal.TextList l -> throw CapstanException.invalid("Expected numeric value type for metric");
            };
            double v = value.getAsDouble();
            boolean ok = switch (f.comparator()) {
                case EQ -> v == target;
                case NEQ -> v != target;
                case LT -> v < target;
                case LTE -> v <= target;
                case GT -> v > target;
                case GTE -> v >= target;
                case LIKE, ILIKE, IN, NOT_IN -> throw CapstanException.invalid("Invalid comparator for metric");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Stable sort by the metric order-by clauses (others were already applied in SQL). */
    static List<LoggedModel> sort(List<LoggedModel> models, List<OrderBy> orderBy) {
        List<LoggedModel> sorted = new ArrayList<>(models);
        Comparator<LoggedModel> comparator = null;
        for (OrderBy order : orderBy) {
            if (order.identifier().kind() != EntityKind.METRIC) {
                continue;
            }
            String key = order.identifier().key();
            Comparator<LoggedModel> byMetric = (a, b) -> {
                OptionalDouble x = latest(a, key);
                OptionalDouble y = latest(b, key);
                if (x.isEmpty() || y.isEmpty()) {
                    return Boolean.compare(x.isEmpty(), y.isEmpty());
                }
                int cmp = Double.compare(x.getAsDouble(), y.getAsDouble());
                return order.ascending() ? cmp : -cmp;
            };
            comparator = comparator == null ? byMetric : comparator.thenComparing(byMetric);
        }
        if (comparator != null) {
            sorted.sort(comparator);
        }
        return sorted;
    }

    private static OptionalDouble latest(LoggedModel model, String key) {
        Metric best = null;
        for (Metric m : model.metrics()) {
            if (m.key().equals(key) && (best == null || m.isLaterThan(best))) {
                best = m;
            }
        }
        return best == null ? OptionalDouble.empty() : OptionalDouble.of(best.value());
    }
}
