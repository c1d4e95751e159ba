package io.capstan.monitoring.validation;

import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.validation.ExpectationSuite.Expectation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Validates a table against an {@link ExpectationSuite} with Great Expectations 1.x's pandas semantics
 * and its {@code BASIC} result format. Column map expectations take {@code mostly} (default 1.0) and
 * ignore missing values (except the two null expectations); aggregates report {@code observed_value}.
 * An expectation that cannot run (unknown type, missing column, bad argument) fails with
 * {@code exception_info}, as GX reports it. Stateless and thread-safe.
 *
 * <p>Each expectation first says which {@link Measure}s it needs; the whole suite's measures go to the
 * {@link ColumnScan} in one call (so that a database can answer them in one pass), and each expectation
 * then builds GX's result from the answers.
 */
public final class Validator {
    /** GX's BASIC format keeps the first 20 unexpected values. */
    static final int PARTIAL_UNEXPECTED = 20;

    private Validator() {
    }

    /** Returns the suite's result on this in-memory table; never throws for bad expectations. */
    public static ValidationResult validate(Table table, ExpectationSuite suite) {
        return validate(new TableScan(table), suite);
    }

    /**
     * Returns the suite's result on the scanned table; never throws for bad expectations.
     *
     * @throws io.capstan.core.CapstanException if the scan cannot read the data
     */
    public static ValidationResult validate(ColumnScan scan, ExpectationSuite suite) {
        Shape shape = new Shape(scan.columns(), scan.rowCount());
        List<Plan> plans = new ArrayList<>();
        Set<Measure<?>> measures = new LinkedHashSet<>();
        for (Expectation expectation : suite.expectations()) {
            Plan plan;
            try {
                plan = plan(shape, expectation);
            } catch (ExpectationError e) {
                plan = Plan.failed(expectation, e);
            }
            plans.add(plan);
            measures.addAll(plan.measures());
        }
        Answers answers = measures.isEmpty() ? new Answers.Builder().build() : scan.measure(new ArrayList<>(measures));
        List<ValidationResult.ExpectationResult> results = new ArrayList<>();
        for (Plan plan : plans) {
            try {
                results.add(plan.result().apply(answers));
            } catch (ExpectationError e) {
                results.add(Plan.failed(plan.expectation(), e).result().apply(answers));
            }
        }
        return new ValidationResult(suite.name(), results);
    }

    static final class ExpectationError extends RuntimeException {
        ExpectationError(String message) {
            super(message, null, false, false);
        }
    }

    /** The table's columns and size, which is all an expectation needs to plan. */
    private record Shape(List<ScanColumn> columns, long rowCount) {
        Optional<ScanColumn> column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst();
        }

        List<String> names() {
            return columns.stream().map(ScanColumn::name).toList();
        }
    }

    /** What an expectation needs measured, and how it turns the answers into its result. */
    private record Plan(Expectation expectation, List<Measure<?>> measures,
            Function<Answers, ValidationResult.ExpectationResult> result) {
        static Plan of(Expectation expectation, ValidationResult.ExpectationResult result) {
            return new Plan(expectation, List.of(), answers -> result);
        }

        static Plan failed(Expectation expectation, ExpectationError error) {
            return of(expectation, new ValidationResult.ExpectationResult(expectation, false, Map.of(), error.getMessage()));
        }
    }

    private static Plan plan(Shape shape, Expectation e) {
        Map<String, Object> kw = e.kwargs();
        long rows = shape.rowCount();
        int columnCount = shape.columns().size();
        return switch (e.type()) {
            case "expect_table_row_count_to_be_between" -> Plan.of(e, aggregate(e, rows, between(rows, kw)));
            case "expect_table_row_count_to_equal" -> Plan.of(e, aggregate(e, rows, rows == number(kw, "value")));
            case "expect_table_column_count_to_be_between" ->
                    Plan.of(e, aggregate(e, columnCount, between(columnCount, kw)));
            case "expect_table_column_count_to_equal" ->
                    Plan.of(e, aggregate(e, columnCount, columnCount == number(kw, "value")));
            case "expect_table_columns_to_match_ordered_list" -> {
                List<String> expected = strings(kw, "column_list");
                yield Plan.of(e, aggregate(e, shape.names(), shape.names().equals(expected)));
            }
            case "expect_table_columns_to_match_set" -> {
                Set<String> expected = new LinkedHashSet<>(strings(kw, "column_set"));
                Set<String> actual = new LinkedHashSet<>(shape.names());
                boolean exact = !Boolean.FALSE.equals(kw.get("exact_match"));
                boolean success = exact ? actual.equals(expected) : actual.containsAll(expected);
                yield Plan.of(e, aggregate(e, new TreeSet<>(shape.names()).stream().toList(), success));
            }
            case "expect_column_to_exist" -> Plan.of(e, new ValidationResult.ExpectationResult(e,
                    shape.column(string(kw, "column")).isPresent(), Map.of(), null));
            case "expect_column_values_to_not_be_null" -> notNull(e, column(shape, kw), rows);
            case "expect_column_values_to_be_null" -> map(e, shape, column(shape, kw), new Condition.Never(), true);
            case "expect_column_values_to_be_between" -> {
                requireBounds(kw);
                yield map(e, shape, column(shape, kw), bounds(kw), false);
            }
            case "expect_column_values_to_be_in_set" -> {
                List<Object> set = valueSet(kw);
                yield map(e, shape, column(shape, kw), new Condition.InSet(set), false);
            }
            case "expect_column_values_to_not_be_in_set" -> {
                List<Object> set = valueSet(kw);
                yield map(e, shape, column(shape, kw), new Condition.NotInSet(set), false);
            }
            case "expect_column_values_to_match_regex" -> {
                Condition regex = regex(kw, false);
                yield map(e, shape, column(shape, kw), regex, false);
            }
            case "expect_column_values_to_not_match_regex" -> {
                Condition regex = regex(kw, true);
                yield map(e, shape, column(shape, kw), regex, false);
            }
            case "expect_column_values_to_be_unique" -> unique(e, shape, column(shape, kw));
            case "expect_column_value_lengths_to_be_between" -> {
                requireBounds(kw);
                yield map(e, shape, column(shape, kw), new Condition.LengthBetween(bounds(kw)), false);
            }
            case "expect_column_value_lengths_to_equal" -> {
                long length = (long) number(kw, "value");
                yield map(e, shape, column(shape, kw), new Condition.LengthEquals(length), false);
            }
            case "expect_column_mean_to_be_between" -> numericAggregate(e, shape, kw, Measure.Mean::new);
            case "expect_column_median_to_be_between" -> numericAggregate(e, shape, kw, Measure.Median::new);
            case "expect_column_min_to_be_between" -> numericAggregate(e, shape, kw, Measure.Minimum::new);
            case "expect_column_max_to_be_between" -> numericAggregate(e, shape, kw, Measure.Maximum::new);
            case "expect_column_sum_to_be_between" -> numericAggregate(e, shape, kw, Measure.Sum::new);
            case "expect_column_stdev_to_be_between" -> numericAggregate(e, shape, kw, Measure.StandardDeviation::new);
            case "expect_column_unique_value_count_to_be_between" -> {
                ScanColumn column = column(shape, kw);
                if (!requireValues(shape, column)) {
                    yield Plan.of(e, aggregate(e, 0L, between(0, kw)));
                }
                Measure.DistinctCount distinct = new Measure.DistinctCount(column.name());
                yield new Plan(e, List.of(distinct), answers -> {
                    long count = answers.get(distinct);
                    return aggregate(e, count, between(count, kw));
                });
            }
            case "expect_column_proportion_of_unique_values_to_be_between" -> proportionUnique(e, shape, column(shape, kw));
            case "expect_column_distinct_values_to_be_in_set", "expect_column_distinct_values_to_contain_set",
                    "expect_column_distinct_values_to_equal_set" -> distinctValues(e, shape, kw);
            default -> throw new ExpectationError("Unknown or unsupported expectation type '" + e.type() + "'");
        };
    }

    // ---- arguments

    private static String string(Map<String, Object> kw, String name) {
        if (!(kw.get(name) instanceof String s)) {
            throw new ExpectationError("Argument '" + name + "' must be a string");
        }
        return s;
    }

    private static double number(Map<String, Object> kw, String name) {
        if (!(kw.get(name) instanceof Number n)) {
            throw new ExpectationError("Argument '" + name + "' must be a number");
        }
        return n.doubleValue();
    }

    private static List<String> strings(Map<String, Object> kw, String name) {
        if (!(kw.get(name) instanceof List<?> list)) {
            throw new ExpectationError("Argument '" + name + "' must be a list");
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static void requireBounds(Map<String, Object> kw) {
        if (kw.get("min_value") == null && kw.get("max_value") == null) {
            throw new ExpectationError("min_value and max_value cannot both be None");
        }
    }

    /** min_value / max_value / strict_min / strict_max; a bound that is not a number is no bound. */
    private static Condition.Between bounds(Map<String, Object> kw) {
        return new Condition.Between(kw.get("min_value") instanceof Number n ? n.doubleValue() : null,
                kw.get("max_value") instanceof Number n ? n.doubleValue() : null,
                Boolean.TRUE.equals(kw.get("strict_min")), Boolean.TRUE.equals(kw.get("strict_max")));
    }

    private static boolean between(double v, Map<String, Object> kw) {
        return bounds(kw).within(v);
    }

    private static Condition regex(Map<String, Object> kw, boolean negated) {
        String regex = string(kw, "regex");
        try {
            return new Condition.Matches(regex, negated);
        } catch (IllegalArgumentException ex) {
            throw new ExpectationError(ex.getMessage());
        }
    }

    private static List<Object> valueSet(Map<String, Object> kw) {
        if (!(kw.get("value_set") instanceof List<?> list)) {
            throw new ExpectationError("Argument 'value_set' must be a list");
        }
        return new ArrayList<>(list);
    }

    private static double mostly(Map<String, Object> kw) {
        Object mostly = kw.get("mostly");
        if (mostly == null) {
            return 1.0;
        }
        if (!(mostly instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
            throw new ExpectationError("'mostly' must be a number between 0 and 1");
        }
        return n.doubleValue();
    }

    // ---- columns

    private static ScanColumn column(Shape shape, Map<String, Object> kw) {
        String name = string(kw, "column");
        return shape.column(name).orElseThrow(() -> new ExpectationError("Column '" + name + "' does not exist"));
    }

    /**
     * Expectations that look at values cannot look at dates and the like; returns whether there are values to
     * measure (a column of them without rows has none).
     */
    private static boolean requireValues(Shape shape, ScanColumn column) {
        if (column.kind() != ScanColumn.Kind.OTHER) {
            return true;
        }
        if (shape.rowCount() > 0) {
            throw unsupported(column);
        }
        return false;
    }

    private static final UnexpectedValues NONE = new UnexpectedValues(0, List.of());

    private static ExpectationError unsupported(ScanColumn column) {
        return new ExpectationError("Column '" + column.name() + "' of type " + column.typeName() + " is not supported");
    }

    private static Plan notNull(Expectation e, ScanColumn column, long rows) {
        double mostly = mostly(e.kwargs());
        Measure.MissingCount missing = new Measure.MissingCount(column.name());
        return new Plan(e, List.of(missing), answers -> {
            long unexpected = answers.get(missing);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("element_count", rows);
            result.put("unexpected_count", unexpected);
            result.put("unexpected_percent", rows == 0 ? null : 100.0 * unexpected / rows);
            List<Object> partial = new ArrayList<>();
            for (int i = 0; i < Math.min(unexpected, PARTIAL_UNEXPECTED); i++) {
                partial.add(null);
            }
            result.put("partial_unexpected_list", partial);
            boolean success = rows == 0 || (double) (rows - unexpected) / rows >= mostly;
            return new ValidationResult.ExpectationResult(e, success, result, null);
        });
    }

    /**
     * A column map expectation: missing values are neither expected nor unexpected (for be_null, the
     * check itself sees them), percentages as GX's BASIC format computes them.
     */
    private static Plan map(Expectation e, Shape shape, ScanColumn column, Condition condition, boolean seesNulls) {
        double mostly = mostly(e.kwargs());
        if (!requireValues(shape, column)) {
            return Plan.of(e, mapResult(e, 0, 0, NONE, mostly));
        }
        Measure.Unexpected unexpected = new Measure.Unexpected(column.name(), condition, PARTIAL_UNEXPECTED);
        Measure.MissingCount missing = new Measure.MissingCount(column.name());
        List<Measure<?>> measures = seesNulls ? List.of(unexpected) : List.of(unexpected, missing);
        return new Plan(e, measures, answers -> {
            UnexpectedValues found = answers.get(unexpected);
            return mapResult(e, shape.rowCount(), seesNulls ? 0 : answers.get(missing), found, mostly);
        });
    }

    private static ValidationResult.ExpectationResult mapResult(Expectation e, long rows, long missing,
            UnexpectedValues found, double mostly) {
        long present = rows - missing;
        long unexpected = found.count();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("element_count", rows);
        result.put("unexpected_count", unexpected);
        result.put("unexpected_percent", present == 0 ? null : 100.0 * unexpected / present);
        result.put("partial_unexpected_list", new ArrayList<>(found.first()));
        result.put("missing_count", missing);
        result.put("missing_percent", rows == 0 ? null : 100.0 * missing / rows);
        result.put("unexpected_percent_total", rows == 0 ? null : 100.0 * unexpected / rows);
        result.put("unexpected_percent_nonmissing", present == 0 ? null : 100.0 * unexpected / present);
        boolean success = present == 0 || (double) (present - unexpected) / present >= mostly;
        return new ValidationResult.ExpectationResult(e, success, result, null);
    }

    private static Plan unique(Expectation e, Shape shape, ScanColumn column) {
        double mostly = mostly(e.kwargs());
        if (!requireValues(shape, column)) {
            return Plan.of(e, mapResult(e, 0, 0, NONE, mostly));
        }
        Measure.Duplicates duplicates = new Measure.Duplicates(column.name(), PARTIAL_UNEXPECTED);
        Measure.MissingCount missing = new Measure.MissingCount(column.name());
        return new Plan(e, List.of(duplicates, missing),
                answers -> mapResult(e, shape.rowCount(), answers.get(missing), answers.get(duplicates), mostly));
    }

    private static Plan proportionUnique(Expectation e, Shape shape, ScanColumn column) {
        Map<String, Object> kw = e.kwargs();
        Measure.MissingCount missing = new Measure.MissingCount(column.name());
        if (column.kind() == ScanColumn.Kind.OTHER) {
            // nothing to count unless every value is missing
            return new Plan(e, List.of(missing), answers -> {
                if (shape.rowCount() - answers.get(missing) > 0) {
                    throw unsupported(column);
                }
                return aggregate(e, 0.0, between(0.0, kw));
            });
        }
        Measure.DistinctCount distinct = new Measure.DistinctCount(column.name());
        return new Plan(e, List.of(missing, distinct), answers -> {
            long present = shape.rowCount() - answers.get(missing);
            double proportion = present == 0 ? 0.0 : (double) answers.get(distinct) / present;
            return aggregate(e, proportion, between(proportion, kw));
        });
    }

    private static ValidationResult.ExpectationResult aggregate(Expectation e, Object observed, boolean success) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("observed_value", observed);
        return new ValidationResult.ExpectationResult(e, success, result, null);
    }

    private static Plan numericAggregate(Expectation e, Shape shape, Map<String, Object> kw,
            Function<String, Measure<Double>> statistic) {
        ScanColumn column = column(shape, kw);
        if (column.kind() != ScanColumn.Kind.NUMBER) {
            throw new ExpectationError("Column '" + column.name() + "' is not numeric");
        }
        Measure<Double> measure = statistic.apply(column.name());
        return new Plan(e, List.of(measure), answers -> {
            Double observed = answers.get(measure);
            return aggregate(e, observed, observed != null && between(observed, kw));
        });
    }

    /**
     * GX 1.24 reports these with {@code observed_value: null} and the values on either side: distinct
     * values outside the set ({@code unexpected}) and set values never seen ({@code missing}), sorted.
     */
    private static Plan distinctValues(Expectation e, Shape shape, Map<String, Object> kw) {
        ScanColumn column = column(shape, kw);
        if (!(kw.get("value_set") instanceof List<?> valueSet)) {
            throw new ExpectationError("Argument 'value_set' must be a list");
        }
        boolean measurable = requireValues(shape, column);
        Measure.DistinctValues values = new Measure.DistinctValues(column.name());
        return new Plan(e, measurable ? List.of(values) : List.of(), answers -> {
            TreeSet<Object> observed = new TreeSet<>(Values::compare);
            if (measurable) {
                observed.addAll(answers.get(values));
            }
            Set<Object> setKeys = new HashSet<>();
            for (Object v : valueSet) {
                setKeys.add(Condition.key(v));
            }
            Set<Object> observedKeys = new HashSet<>();
            List<Object> unexpected = new ArrayList<>();
            for (Object v : observed) {
                observedKeys.add(Condition.key(v));
                if (!setKeys.contains(Condition.key(v))) {
                    unexpected.add(v);
                }
            }
            TreeSet<Object> missing = new TreeSet<>(Values::compare);
            for (Object v : valueSet) {
                if (v != null && !observedKeys.contains(Condition.key(v))) {
                    missing.add(v);
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("observed_value", null);
            boolean success;
            switch (e.type()) {
                case "expect_column_distinct_values_to_be_in_set" -> {
                    result.put("unexpected_count", unexpected.size());
                    result.put("partial_unexpected_list", unexpected);
                    success = unexpected.isEmpty();
                }
                case "expect_column_distinct_values_to_contain_set" -> {
                    result.put("missing_count", missing.size());
                    result.put("partial_missing_list", new ArrayList<>(missing));
                    success = missing.isEmpty();
                }
                default -> {
                    result.put("unexpected_count", unexpected.size());
                    result.put("missing_count", missing.size());
                    result.put("partial_unexpected_list", unexpected);
                    result.put("partial_missing_list", new ArrayList<>(missing));
                    success = unexpected.isEmpty() && missing.isEmpty();
                }
            }
            return new ValidationResult.ExpectationResult(e, success, result, null);
        });
    }
}
