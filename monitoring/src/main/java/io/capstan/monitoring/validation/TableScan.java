package io.capstan.monitoring.validation;

import static java.util.Objects.requireNonNull;

import io.capstan.monitoring.table.BooleanColumn;
import io.capstan.monitoring.table.CountedColumn;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.OtherColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.table.TableColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The in-memory {@link ColumnScan}: measures computed in Java over a {@link Table}, one column at a
 * time. The reference every other scan answers to. Stateless beyond the table; thread-safe.
 */
public final class TableScan implements ColumnScan {
    private final Table table;

    /** @param table the table to measure; not null */
    public TableScan(Table table) {
        this.table = requireNonNull(table, "table is null");
    }

    @Override
    public List<ScanColumn> columns() {
        return table.columns().stream().map(c -> new ScanColumn(c.name(), kind(c), c.typeName())).toList();
    }

    @Override
    public long rowCount() {
        return table.rowCount();
    }

    @Override
    public Answers measure(List<Measure<?>> measures) {
        Answers.Builder answers = new Answers.Builder();
        for (Measure<?> measure : measures) {
            answer(measure, answers);
        }
        return answers.build();
    }

    @Override
    public void close() {
        // nothing to release
    }

    private static ScanColumn.Kind kind(TableColumn column) {
        return switch (column) {
            case NumberColumn n -> ScanColumn.Kind.NUMBER;
            case StringColumn s -> ScanColumn.Kind.STRING;
            case BooleanColumn b -> ScanColumn.Kind.BOOLEAN;
            case OtherColumn o -> ScanColumn.Kind.OTHER;
            case CountedColumn counted -> throw counted.noRows();
        };
    }

    private void answer(Measure<?> measure, Answers.Builder answers) {
        TableColumn column = table.column(measure.column())
                .orElseThrow(() -> new IllegalArgumentException("no column '" + measure.column() + "'"));
        switch (measure) {
            case Measure.MissingCount m -> answers.put(m, (long) column.missingCount());
            case Measure.Unexpected m -> answers.put(m, unexpected(present(column), m.condition().test(), m.limit()));
            case Measure.Duplicates m -> answers.put(m, duplicates(present(column), m.limit()));
            case Measure.DistinctCount m -> answers.put(m, (long) distinct(present(column)).size());
            case Measure.DistinctValues m -> answers.put(m, new ArrayList<>(distinct(present(column))));
            case Measure.Minimum m -> answers.put(m, orNull(sorted(numbers(column)), v -> v[0]));
            case Measure.Maximum m -> answers.put(m, orNull(sorted(numbers(column)), v -> v[v.length - 1]));
            case Measure.Median m -> answers.put(m, orNull(present(numbers(column)), PandasStatistics::median));
            case Measure.Sum m -> answers.put(m, orNull(present(numbers(column)),
                    v -> PandasStatistics.sum(v, numbers(column).isInteger())));
            case Measure.Mean m -> answers.put(m, orNull(present(numbers(column)),
                    v -> PandasStatistics.mean(v, numbers(column).isInteger())));
            case Measure.StandardDeviation m -> answers.put(m,
                    nanToNull(PandasStatistics.standardDeviation(present(numbers(column)))));
        }
    }

    private interface Statistic {
        double of(double[] values);
    }

    private static Double orNull(double[] values, Statistic statistic) {
        return values.length == 0 ? null : nanToNull(statistic.of(values));
    }

    private static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static NumberColumn numbers(TableColumn column) {
        if (!(column instanceof NumberColumn numbers)) {
            throw new IllegalArgumentException("column '" + column.name() + "' is not numeric");
        }
        return numbers;
    }

    /** The present values in row order. */
    private static double[] present(NumberColumn column) {
        return Arrays.stream(column.valuesView()).filter(v -> !Double.isNaN(v)).toArray();
    }

    private static double[] sorted(NumberColumn column) {
        double[] values = present(column);
        Arrays.sort(values);
        return values;
    }

    /** The present values in row order, as {@code Double}, {@code String} or {@code Boolean}. */
    private static List<Object> present(TableColumn column) {
        List<Object> values = new ArrayList<>(column.size() - column.missingCount());
        switch (column) {
            case NumberColumn n -> {
                for (double v : n.valuesView()) {
                    if (!Double.isNaN(v)) {
                        values.add(v);
                    }
                }
            }
            case StringColumn s -> {
                for (String v : s.valuesView()) {
                    if (v != null) {
                        values.add(v);
                    }
                }
            }
            case BooleanColumn b -> {
                for (Boolean v : b.valuesView()) {
                    if (v != null) {
                        values.add(v);
                    }
                }
            }
            case OtherColumn o -> throw new IllegalArgumentException("column '" + o.name() + "' of type "
                    + o.typeName() + " has no values to measure");
            case CountedColumn counted -> throw counted.noRows();
        }
        return values;
    }

    private static UnexpectedValues unexpected(List<Object> values, Predicate<Object> expected, int limit) {
        long count = 0;
        List<Object> first = new ArrayList<>();
        for (Object v : values) {
            if (!expected.test(v)) {
                count++;
                if (first.size() < limit) {
                    first.add(v);
                }
            }
        }
        return new UnexpectedValues(count, first);
    }

    private static UnexpectedValues duplicates(List<Object> values, int limit) {
        Map<Object, Integer> counts = new HashMap<>();
        for (Object v : values) {
            counts.merge(Condition.key(v), 1, Integer::sum);
        }
        return unexpected(values, v -> counts.get(Condition.key(v)) == 1, limit);
    }

    /** One value per Python-equal group, the first seen; numbers as {@code Double} with -0.0 as 0.0. */
    private static Set<Object> distinct(List<Object> values) {
        Map<Object, Object> byKey = new HashMap<>();
        Set<Object> distinct = new LinkedHashSet<>();
        for (Object v : values) {
            Object key = Condition.key(v);
            if (byKey.putIfAbsent(key, v) == null) {
                distinct.add(v instanceof Double d ? d + 0.0 : v);
            }
        }
        return distinct;
    }
}
