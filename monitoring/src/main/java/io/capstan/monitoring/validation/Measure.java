package io.capstan.monitoring.validation;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A question about one column that a {@link ColumnScan} answers. Values are as pandas holds them:
 * {@code Double} for numbers (NaN is missing), {@code String}, {@code Boolean}; "present" means not
 * missing. Numbers compare as Python's {@code ==} does, so {@code -0.0} and {@code 0.0} are one value.
 * The floating-point measures ({@link Sum}, {@link Mean}, {@link StandardDeviation}) are pandas' own
 * arithmetic, in pandas' order, so that they give Great Expectations' numbers to the last bit where
 * pandas does (see {@link PandasStatistics}).
 *
 * @param <A> the type of the answer
 */
public sealed interface Measure<A> {
    /** The column the measure is about. */
    String column();

    /** How many values of the column are missing. */
    record MissingCount(String column) implements Measure<Long> {
        public MissingCount {
            requireNonNull(column, "column is null");
        }
    }

    /**
     * The present values that {@code condition} does not expect, and the first {@code limit} of them in row order.
     *
     * @param column the column; not null
     * @param condition what is expected of each present value; not null
     * @param limit how many of them to list, at least 0
     */
    record Unexpected(String column, Condition condition, int limit) implements Measure<UnexpectedValues> {
        public Unexpected {
            requireNonNull(column, "column is null");
            requireNonNull(condition, "condition is null");
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be at least 0");
            }
        }
    }

    /**
     * The present values that occur more than once (every copy counts, as pandas'
     * {@code duplicated(keep=False)} marks them), and the first {@code limit} of them in row order.
     */
    record Duplicates(String column, int limit) implements Measure<UnexpectedValues> {
        public Duplicates {
            requireNonNull(column, "column is null");
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be at least 0");
            }
        }
    }

    /** How many distinct present values the column has. */
    record DistinctCount(String column) implements Measure<Long> {
        public DistinctCount {
            requireNonNull(column, "column is null");
        }
    }

    /** The distinct present values, each once, in no particular order. */
    record DistinctValues(String column) implements Measure<List<Object>> {
        public DistinctValues {
            requireNonNull(column, "column is null");
        }
    }

    /** The smallest present value of a numeric column; null when there is none. */
    record Minimum(String column) implements Measure<Double> {
        public Minimum {
            requireNonNull(column, "column is null");
        }
    }

    /** The largest present value of a numeric column; null when there is none. */
    record Maximum(String column) implements Measure<Double> {
        public Maximum {
            requireNonNull(column, "column is null");
        }
    }

    /** The median of a numeric column's present values (the mean of the two middle ones for an even count); null when there is none. */
    record Median(String column) implements Measure<Double> {
        public Median {
            requireNonNull(column, "column is null");
        }
    }

    /** pandas' {@code sum()} of a numeric column's present values; null when there is none. */
    record Sum(String column) implements Measure<Double> {
        public Sum {
            requireNonNull(column, "column is null");
        }
    }

    /** pandas' {@code mean()} of a numeric column's present values; null when there is none. */
    record Mean(String column) implements Measure<Double> {
        public Mean {
            requireNonNull(column, "column is null");
        }
    }

    /** pandas' {@code std()} (sample, ddof 1) of a numeric column's present values; null for fewer than two. */
    record StandardDeviation(String column) implements Measure<Double> {
        public StandardDeviation {
            requireNonNull(column, "column is null");
        }
    }
}
