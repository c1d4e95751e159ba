package io.capstan.monitoring.validation;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a column map expectation expects of each present value ({@code Double}, {@code String} or
 * {@code Boolean}), with Great Expectations' pandas semantics. {@link #expected} is the definition every
 * {@link ColumnScan} answers to. Immutable.
 */
public sealed interface Condition {
    /**
     * Returns the test of present values, prepared once (the set hashed, the expression compiled): the
     * definition of what this condition expects. The test is thread-safe.
     */
    Predicate<Object> test();

    /** Returns whether the present {@code value} is expected; {@code test().test(value)}. */
    default boolean expected(Object value) {
        return test().test(value);
    }

    /**
     * A number within bounds; anything that is not a number is unexpected.
     *
     * @param min the lower bound, or null for none
     * @param max the upper bound, or null for none
     * @param strictMin whether the lower bound itself is outside
     * @param strictMax whether the upper bound itself is outside
     */
    record Between(Double min, Double max, boolean strictMin, boolean strictMax) implements Condition {
        @Override
        public Predicate<Object> test() {
            return value -> value instanceof Double d && within(d);
        }

        /** Whether {@code v} is within the bounds (never for NaN). */
        public boolean within(double v) {
            if (Double.isNaN(v)) {
                return false;
            }
            if (min != null && (strictMin ? v <= min : v < min)) {
                return false;
            }
            return max == null || !(strictMax ? v >= max : v > max);
        }
    }

    /**
     * A value equal (Python's {@code ==}: {@code 1 == 1.0 == True}; strings equal only strings) to one of these.
     *
     * @param values the set's members ({@code Number}, {@code Boolean}, {@code String}; others never match); copied
     */
    record InSet(List<Object> values) implements Condition {
        public InSet {
            values = Collections.unmodifiableList(new ArrayList<>(requireNonNull(values, "values is null")));
        }

        @Override
        public Predicate<Object> test() {
            Set<Object> keys = keys(values);
            return value -> keys.contains(key(value));
        }
    }

    /** A value equal to none of these; see {@link InSet}. */
    record NotInSet(List<Object> values) implements Condition {
        public NotInSet {
            values = Collections.unmodifiableList(new ArrayList<>(requireNonNull(values, "values is null")));
        }

        @Override
        public Predicate<Object> test() {
            Set<Object> keys = keys(values);
            return value -> !keys.contains(key(value));
        }
    }

    /**
     * A value whose text ({@code 1.0} for a number, as Python's {@code str()} shows it) contains a match of the
     * regular expression, as Python's {@code re.search} finds one: only {@code \n} ends a line for
     * {@code .} and {@code $}.
     *
     * @param regex a {@link java.util.regex.Pattern} (checked on the way in); not null
     * @param negated whether a match makes the value unexpected instead
     */
    record Matches(String regex, boolean negated) implements Condition {
        public Matches {
            compile(requireNonNull(regex, "regex is null"));
        }

        @Override
        public Predicate<Object> test() {
            Pattern pattern = compile(regex);
            return value -> pattern.matcher(text(value)).find() != negated;
        }

        /**
         * Compiles the expression as this condition reads it.
         *
         * @throws IllegalArgumentException if it is not a valid expression (the message says why)
         */
        public static Pattern compile(String regex) {
            try {
                return Pattern.compile(regex, Pattern.UNIX_LINES);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("Invalid regex: " + e.getDescription(), e);
            }
        }
    }

    /** A value whose text (see {@link Matches}) has a number of code points within the bounds. */
    record LengthBetween(Between bounds) implements Condition {
        public LengthBetween {
            requireNonNull(bounds, "bounds is null");
        }

        @Override
        public Predicate<Object> test() {
            return value -> {
                String text = text(value);
                return bounds.within(text.codePointCount(0, text.length()));
            };
        }
    }

    /** A value whose text (see {@link Matches}) has exactly this many code points. */
    record LengthEquals(long length) implements Condition {
        @Override
        public Predicate<Object> test() {
            return value -> {
                String text = text(value);
                return text.codePointCount(0, text.length()) == length;
            };
        }
    }

    /** No present value is expected (what {@code expect_column_values_to_be_null} asks). */
    record Never() implements Condition {
        @Override
        public Predicate<Object> test() {
            return value -> false;
        }
    }

    /** Python equality as a Java key: booleans and numbers as doubles ({@code -0.0} as {@code 0.0}), strings as they are. */
    static Object key(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (v instanceof Number n) {
            return n.doubleValue() + 0.0;
        }
        return v;
    }

    /** The text a regex or a length sees: Python's {@code str()} of a number ({@code 1.0}), strings as they are, booleans as {@code true}/{@code false}. */
    static String text(Object v) {
        if (v instanceof Double d) {
            return Values.pythonRepr(d);
        }
        return String.valueOf(v);
    }

    private static Set<Object> keys(List<Object> values) {
        Set<Object> set = new HashSet<>();
        for (Object v : values) {
            set.add(key(v));
        }
        return set;
    }
}
