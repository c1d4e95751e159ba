package io.capstan.tracking.search;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns an SQL LIKE pattern into a {@link Pattern}, for stores that evaluate filters in memory.
 *
 * <p>{@code %} matches any run of characters (including none and including line breaks),
 * {@code _} exactly one character (one code point), and every other character only itself:
 * regex metacharacters are quoted, and there is no escape character (like SQLite's LIKE, and
 * unlike MLflow's in-memory matcher, which leaks regex syntax). Use the result with
 * {@link java.util.regex.Matcher#matches()}: the pattern must cover the whole value.
 *
 * <p>Stateless and thread-safe; the returned patterns are immutable.
 */
public final class LikePattern {

    private LikePattern() {
    }

    /**
     * @param likePattern the SQL pattern, e.g. {@code 'prod-%'}; not null
     * @param caseSensitive true for LIKE, false for ILIKE (Unicode-aware case folding)
     * @return a pattern to be used with {@code matcher(value).matches()}
     * @throws NullPointerException if {@code likePattern} is null
     */
    public static Pattern compile(String likePattern, boolean caseSensitive) {
        Objects.requireNonNull(likePattern, "likePattern is null");
        StringBuilder regex = new StringBuilder(likePattern.length() + 8);
        StringBuilder literal = new StringBuilder();
        likePattern.codePoints().forEach(cp -> {
            if (cp == '%' || cp == '_') {
                flush(literal, regex);
                regex.append(cp == '%' ? ".*" : ".");
            } else {
                literal.appendCodePoint(cp);
            }
        });
        flush(literal, regex);
        int flags = Pattern.DOTALL;
        if (!caseSensitive) {
            flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        return Pattern.compile(regex.toString(), flags);
    }

    /**
     * The pattern for a LIKE or ILIKE comparison.
     *
     * @param comparator {@link Comparator#LIKE} (case-sensitive) or {@link Comparator#ILIKE}
     * @param likePattern the SQL pattern; not null
     * @throws IllegalArgumentException for any other comparator
     */
    public static Pattern forComparator(Comparator comparator, String likePattern) {
        return switch (comparator) {
            case LIKE -> compile(likePattern, true);
            case ILIKE -> compile(likePattern, false);
            case EQ, NEQ, LT, LTE, GT, GTE, IN, NOT_IN ->
                    throw new IllegalArgumentException(comparator + " is not a pattern comparator");
        };
    }

    private static void flush(StringBuilder literal, StringBuilder regex) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
