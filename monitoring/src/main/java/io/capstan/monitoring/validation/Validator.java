package io.capstan.monitoring.validation;

import io.capstan.monitoring.table.BooleanColumn;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.OtherColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.table.TableColumn;
import io.capstan.monitoring.validation.ExpectationSuite.Expectation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validates a {@link Table} against an {@link ExpectationSuite} with Great Expectations 1.x's pandas
 * semantics and its {@code BASIC} result format. Column map expectations take {@code mostly}
 * (default 1.0) and ignore missing values (except the two null expectations); aggregates report
 * {@code observed_value}. An expectation that cannot run (unknown type, missing column, bad argument)
 * fails with {@code exception_info}, as GX reports it. Stateless and thread-safe.
 */
public final class Validator {
    /** GX's BASIC format keeps the first 20 unexpected values. */
    static final int PARTIAL_UNEXPECTED = 20;

    private Validator() {
    }

    /** Returns the suite's result on this table; never throws for bad expectations. */
    public static ValidationResult validate(Table table, ExpectationSuite suite) {
        List<ValidationResult.ExpectationResult> results = new ArrayList<>();
        for (Expectation expectation : suite.expectations()) {
            try {
                results.add(run(table, expectation));
            } catch (ExpectationError e) {
                results.add(new ValidationResult.ExpectationResult(expectation, false, Map.of(), e.getMessage()));
            }
        }
        return new ValidationResult(suite.name(), results);
    }

    static final class ExpectationError extends RuntimeException {
        ExpectationError(String message) {
            super(message, null, false, false);
        }
    }

    private static ValidationResult.ExpectationResult run(Table table, Expectation e) {
        Map<String, Object> kw = e.kwargs();
        return switch (e.type()) {
            case "expect_table_row_count_to_be_between" ->
                    aggregate(e, table.rowCount(), between(table.rowCount(), kw));
            case "expect_table_row_count_to_equal" ->
                    aggregate(e, table.rowCount(), table.rowCount() == number(kw, "value"));
            case "expect_table_column_count_to_be_between" ->
                    aggregate(e, table.columns().size(), between(table.columns().size(), kw));
            case "expect_table_column_count_to_equal" ->
                    aggregate(e, table.columns().size(), table.columns().size() == number(kw, "value"));
            case "expect_table_columns_to_match_ordered_list" -> {
                List<String> expected = strings(kw, "column_list");
                yield aggregate(e, table.columnNames(), table.columnNames().equals(expected));
            }
            case "expect_table_columns_to_match_set" -> {
                Set<String> expected = new LinkedHashSet<>(strings(kw, "column_set"));
                Set<String> actual = new LinkedHashSet<>(table.columnNames());
                boolean exact = !Boolean.FALSE.equals(kw.get("exact_match"));
                boolean success = exact ? actual.equals(expected) : actual.containsAll(expected);
                yield aggregate(e, new TreeSet<>(table.columnNames()).stream().toList(), success);
            }
            case "expect_column_to_exist" -> new ValidationResult.ExpectationResult(e,
                    table.column(string(kw, "column")).isPresent(), Map.of(), null);
            case "expect_column_values_to_not_be_null" -> notNull(e, column(table, kw));
            case "expect_column_values_to_be_null" -> map(e, column(table, kw), true, v -> v == null);
            case "expect_column_values_to_be_between" -> {
                requireBounds(kw);
                yield map(e, column(table, kw), false, v -> v instanceof Double d && between(d, kw));
            }
            case "expect_column_values_to_be_in_set" -> {
                Set<Object> set = valueSet(kw);
                yield map(e, column(table, kw), false, v -> set.contains(key(v)));
            }
            case "expect_column_values_to_not_be_in_set" -> {
                Set<Object> set = valueSet(kw);
                yield map(e, column(table, kw), false, v -> !set.contains(key(v)));
            }
            case "expect_column_values_to_match_regex" -> {
                Pattern p = regex(kw);
                yield map(e, column(table, kw), false, v -> p.matcher(text(v)).find());
            }
            case "expect_column_values_to_not_match_regex" -> {
                Pattern p = regex(kw);
                yield map(e, column(table, kw), false, v -> !p.matcher(text(v)).find());
            }
            case "expect_column_values_to_be_unique" -> unique(e, column(table, kw));
            case "expect_column_value_lengths_to_be_between" -> {
                requireBounds(kw);
                yield map(e, column(table, kw), false, v -> between(text(v).codePointCount(0, text(v).length()), kw));
            }
            case "expect_column_value_lengths_to_equal" -> {
                long length = (long) number(kw, "value");
                yield map(e, column(table, kw), false, v -> text(v).codePointCount(0, text(v).length()) == length);
            }
            case "expect_column_mean_to_be_between" -> numericAggregate(e, table, kw, Validator::mean);
            case "expect_column_median_to_be_between" -> numericAggregate(e, table, kw, Validator::median);
            case "expect_column_min_to_be_between" -> numericAggregate(e, table, kw, v -> v[0]);
            case "expect_column_max_to_be_between" -> numericAggregate(e, table, kw, v -> v[v.length - 1]);
            case "expect_column_sum_to_be_between" -> numericAggregate(e, table, kw, Validator::sum);
            case "expect_column_stdev_to_be_between" -> numericAggregate(e, table, kw, Validator::sampleStdev);
            case "expect_column_unique_value_count_to_be_between" -> {
                int distinct = distinct(column(table, kw)).size();
                yield aggregate(e, distinct, between(distinct, kw));
            }
            case "expect_column_proportion_of_unique_values_to_be_between" -> {
                TableColumn column = column(table, kw);
                int present = column.size() - column.missingCount();
                double proportion = present == 0 ? 0.0 : (double) distinct(column).size() / present;
                yield aggregate(e, proportion, between(proportion, kw));
            }
            case "expect_column_distinct_values_to_be_in_set", "expect_column_distinct_values_to_contain_set",
                    "expect_column_distinct_values_to_equal_set" -> distinctValues(e, table, kw);
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

    private static boolean between(double v, Map<String, Object> kw) {
        Object min = kw.get("min_value");
        Object max = kw.get("max_value");
        boolean strictMin = Boolean.TRUE.equals(kw.get("strict_min"));
        boolean strictMax = Boolean.TRUE.equals(kw.get("strict_max"));
        if (Double.isNaN(v)) {
            return false;
        }
        if (min instanceof Number n && (strictMin ? v <= n.doubleValue() : v < n.doubleValue())) {
            return false;
        }
        if (max instanceof Number n && (strictMax ? v >= n.doubleValue() : v > n.doubleValue())) {
            return false;
        }
        return true;
    }

    private static Pattern regex(Map<String, Object> kw) {
        try {
            return Pattern.compile(string(kw, "regex"));
        } catch (PatternSyntaxException ex) {
            throw new ExpectationError("Invalid regex: " + ex.getDescription());
        }
    }

    private static Set<Object> valueSet(Map<String, Object> kw) {
        if (!(kw.get("value_set") instanceof List<?> list)) {
            throw new ExpectationError("Argument 'value_set' must be a list");
        }
        Set<Object> set = new HashSet<>();
        for (Object v : list) {
            set.add(key(v));
        }
        return set;
    }

    /** Python equality: 1 == 1.0 == True; strings compare as strings. */
    private static Object key(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (v instanceof Number n) {
            return n.doubleValue() + 0.0;
        }
        return v;
    }

    private static String text(Object v) {
        if (v instanceof Double d) {
            return Values.pythonRepr(d);
        }
        return String.valueOf(v);
    }

    // ---- columns

    private static TableColumn column(Table table, Map<String, Object> kw) {
        String name = string(kw, "column");
        return table.column(name).orElseThrow(() -> new ExpectationError("Column '" + name + "' does not exist"));
    }

    /** The value at a row: Double for numbers, String, Boolean, or null when missing. */
    private static Object value(TableColumn column, int row) {
        return switch (column) {
            case NumberColumn n -> Double.isNaN(n.get(row)) ? null : n.get(row);
            case StringColumn s -> s.get(row);
            case BooleanColumn b -> b.get(row);
            case OtherColumn o -> throw new ExpectationError("Column '" + o.name() + "' of type " + o.typeName()
                    + " is not supported");
        };
    }

    private interface Check {
        boolean expected(Object value);
    }

    private static ValidationResult.ExpectationResult notNull(Expectation e, TableColumn column) {
        int rows = column.size();
        int unexpected = column.missingCount();
        double mostly = mostly(e.kwargs());
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

    /**
     * A column map expectation: missing values are neither expected nor unexpected (for be_null, the
     * check itself sees them), percentages as GX's BASIC format computes them.
     */
    private static ValidationResult.ExpectationResult map(Expectation e, TableColumn column, boolean seesNulls,
            Check check) {
        double mostly = mostly(e.kwargs());
        int rows = column.size();
        int missing = seesNulls ? 0 : column.missingCount();
        int unexpected = 0;
        List<Object> partial = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            Object v = value(column, row);
            if (v == null && !seesNulls) {
                continue;
            }
            if (!check.expected(v)) {
                unexpected++;
                if (partial.size() < PARTIAL_UNEXPECTED) {
                    partial.add(v);
                }
            }
        }
        return mapResult(e, rows, missing, unexpected, partial, mostly);
    }

    private static ValidationResult.ExpectationResult mapResult(Expectation e, int rows, int missing, int unexpected,
            List<Object> partial, double mostly) {
        int present = rows - missing;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("element_count", rows);
        result.put("unexpected_count", unexpected);
        result.put("unexpected_percent", present == 0 ? null : 100.0 * unexpected / present);
        result.put("partial_unexpected_list", partial);
        result.put("missing_count", missing);
        result.put("missing_percent", rows == 0 ? null : 100.0 * missing / rows);
        result.put("unexpected_percent_total", rows == 0 ? null : 100.0 * unexpected / rows);
        result.put("unexpected_percent_nonmissing", present == 0 ? null : 100.0 * unexpected / present);
        boolean success = present == 0 || (double) (present - unexpected) / present >= mostly;
        return new ValidationResult.ExpectationResult(e, success, result, null);
    }

    private static ValidationResult.ExpectationResult unique(Expectation e, TableColumn column) {
        double mostly = mostly(e.kwargs());
        Map<Object, Integer> counts = new HashMap<>();
        for (int row = 0; row < column.size(); row++) {
            Object v = value(column, row);
            if (v != null) {
                counts.merge(key(v), 1, Integer::sum);
            }
        }
        int unexpected = 0;
        List<Object> partial = new ArrayList<>();
        for (int row = 0; row < column.size(); row++) {
            Object v = value(column, row);
            // pandas duplicated(keep=False): every copy of a repeated value is unexpected
            if (v != null && counts.get(key(v)) > 1) {
                unexpected++;
                if (partial.size() < PARTIAL_UNEXPECTED) {
                    partial.add(v);
                }
            }
        }
        return mapResult(e, column.size(), column.missingCount(), unexpected, partial, mostly);
    }

    private static ValidationResult.ExpectationResult aggregate(Expectation e, Object observed, boolean success) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("observed_value", observed);
        return new ValidationResult.ExpectationResult(e, success, result, null);
    }

    private interface Statistic {
        double of(double[] sortedPresentValues);
    }

    private static ValidationResult.ExpectationResult numericAggregate(Expectation e, Table table,
            Map<String, Object> kw, Statistic statistic) {
        TableColumn column = column(table, kw);
        if (!(column instanceof NumberColumn numbers)) {
            throw new ExpectationError("Column '" + column.name() + "' is not numeric");
        }
        double[] present = Arrays.stream(numbers.valuesView()).filter(v -> !Double.isNaN(v)).sorted().toArray();
        double observed = present.length == 0 ? Double.NaN : statistic.of(present);
        return aggregate(e, Double.isNaN(observed) ? null : observed, between(observed, kw));
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static double mean(double[] v) {
        return sum(v) / v.length;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static double sampleStdev(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double mean = mean(v);
        double squares = 0;
        for (double x : v) {
            squares += (x - mean) * (x - mean);
        }
        return Math.sqrt(squares / (v.length - 1));
    }

    private static Set<Object> distinct(TableColumn column) {
        Set<Object> distinct = new HashSet<>();
        for (int row = 0; row < column.size(); row++) {
            Object v = value(column, row);
            if (v != null) {
                distinct.add(key(v));
            }
        }
        return distinct;
    }

    /**
     * GX 1.24 reports these with {@code observed_value: null} and the values on either side: distinct
     * values outside the set ({@code unexpected}) and set values never seen ({@code missing}), sorted.
     */
    private static ValidationResult.ExpectationResult distinctValues(Expectation e, Table table,
            Map<String, Object> kw) {
        TableColumn column = column(table, kw);
        if (!(kw.get("value_set") instanceof List<?> valueSet)) {
            throw new ExpectationError("Argument 'value_set' must be a list");
        }
        TreeSet<Object> observed = new TreeSet<>(Values::compare);
        for (int row = 0; row < column.size(); row++) {
            Object v = value(column, row);
            if (v != null) {
                observed.add(v);
            }
        }
        Set<Object> setKeys = valueSet(kw);
        Set<Object> observedKeys = new HashSet<>();
        List<Object> unexpected = new ArrayList<>();
        for (Object v : observed) {
            observedKeys.add(key(v));
            if (!setKeys.contains(key(v))) {
                unexpected.add(v);
            }
        }
        TreeSet<Object> missing = new TreeSet<>(Values::compare);
        for (Object v : valueSet) {
            if (v != null && !observedKeys.contains(key(v))) {
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
    }
}
