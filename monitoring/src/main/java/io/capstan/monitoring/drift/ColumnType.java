package io.capstan.monitoring.drift;

import io.capstan.monitoring.table.BooleanColumn;
import io.capstan.monitoring.table.CountedColumn;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.OtherColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.TableColumn;
import java.util.HashSet;
import java.util.Set;

/**
 * A column's type as Evidently 0.7 infers it when no data definition is given
 * ({@code evidently.core.datasets.infer_column_type}), from the <em>current</em> data only.
 */
public enum ColumnType {
    /** Float columns, and integer columns with more than 10 distinct values. */
    NUMERICAL("num"),
    /** Integer columns with at most 10 distinct values, booleans, strings with few distinct values. */
    CATEGORICAL("cat"),
    /** Strings where more than half of the present values are distinct. */
    TEXT("text"),
    /** Anything else: booleans with missing values, dates, lists, all-missing string columns. */
    UNKNOWN("unknown");

    /** Integer columns with at most this many distinct values are categorical. */
    public static final int INTEGER_CARDINALITY_LIMIT = 10;

    private final String id;

    ColumnType(String id) {
        this.id = id;
    }

    /** Returns Evidently's short name: {@code num}, {@code cat}, {@code text} or {@code unknown}. */
    public String id() {
        return id;
    }

    /** Infers the type of a column as Evidently does; not null. */
    public static ColumnType infer(TableColumn column) {
        return switch (column) {
            case NumberColumn numbers -> !numbers.isInteger() ? NUMERICAL
                    : distinctAtMost(numbers.valuesView(), INTEGER_CARDINALITY_LIMIT) ? CATEGORICAL : NUMERICAL;
            // pandas keeps booleans with missing values as objects, which Evidently does not type
            case BooleanColumn booleans -> booleans.missingCount() == 0 ? CATEGORICAL : UNKNOWN;
            case StringColumn strings -> inferStrings(strings);
            case CountedColumn counted -> counted.valueType() == CountedColumn.ValueType.BOOLEAN
                    ? (counted.missingCount() == 0 ? CATEGORICAL : UNKNOWN)
                    : ofStrings(counted.distinctCount(), counted.size() - counted.missingCount());
            case OtherColumn other -> UNKNOWN;
        };
    }

    /** Whether there are at most {@code limit} distinct values (as pandas' nunique counts them). */
    private static boolean distinctAtMost(double[] values, int limit) {
        // a few values seen so far, compared by bits (-0.0 read as 0.0): no boxing for a million rows
        long[] seen = new long[limit];
        int count = 0;
        long last = 0;
        next:
        for (double v : values) {
            long bits = Double.doubleToLongBits(v + 0.0);
            if (count > 0 && bits == last) {
                continue;
            }
            for (int i = 0; i < count; i++) {
                if (seen[i] == bits) {
                    last = bits;
                    continue next;
                }
            }
            if (count == limit) {
                return false;
            }
            seen[count++] = bits;
            last = bits;
        }
        return true;
    }

    private static ColumnType inferStrings(StringColumn strings) {
        Set<String> distinct = new HashSet<>();
        for (String v : strings.valuesView()) {
            if (v != null) {
                distinct.add(v);
            }
        }
        return ofStrings(distinct.size(), strings.size() - strings.missingCount());
    }

    /** The type of a string column with this many distinct and present values. */
    static ColumnType ofStrings(int distinct, int present) {
        if (present == 0) {
            return UNKNOWN;
        }
        return distinct > present * 0.5 ? TEXT : CATEGORICAL;
    }
}
