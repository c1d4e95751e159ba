package io.capstan.store.duckdb;

import java.util.Optional;

/**
 * Translates a {@code java.util.regex} expression, read with {@code UNIX_LINES} as validation reads it,
 * into RE2 (DuckDB's {@code regexp_matches}) where the two find a match in exactly the same strings, and
 * refuses everything else, which then runs in Java. What passes: literals, escaped punctuation,
 * {@code \d \D \w \W} (ASCII in both), {@code \t \n \r \f}, {@code .} (both stop only at {@code \n}),
 * simple character classes, groups {@code (…)} and {@code (?:…)}, alternation, greedy and lazy
 * quantifiers up to RE2's 1000 repetitions, {@code ^}, {@code \z}, and a {@code $} that ends the
 * expression (Java's {@code $} also matches before a final {@code \n}, so it becomes {@code \n?\z}).
 * Refused: {@code \s} (RE2 leaves out the vertical tab), {@code \b}, Unicode classes, flags, look-arounds,
 * back-references, possessive quantifiers, nested or intersected classes, and any {@code $} elsewhere.
 */
final class Re2Translation {
    private Re2Translation() {
    }

    /** Returns the RE2 expression that matches exactly where {@code regex} does, or empty when there is none here. */
    static Optional<String> toRe2(String regex) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = regex.length();
        // whether the last thing written can take a quantifier
        boolean quantifiable = false;
        int depth = 0;
        while (i < n) {
            char c = regex.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= n) {
                        return Optional.empty();
                    }
                    char e = regex.charAt(i + 1);
                    if (e == 'z') {
                        out.append("\\z");
                        quantifiable = false;
                    } else if (e == 'd' || e == 'D' || e == 'w' || e == 'W' || e == 't' || e == 'n' || e == 'r'
                            || e == 'f') {
                        out.append('\\').append(e);
                        quantifiable = true;
                    } else if (e < 128 && !Character.isLetterOrDigit(e)) {
                        out.append('\\').append(e);
                        quantifiable = true;
                    } else {
                        return Optional.empty();
                    }
                    i += 2;
                }
                case '[' -> {
                    int end = characterClass(regex, i, out);
                    if (end < 0) {
                        return Optional.empty();
                    }
                    i = end;
                    quantifiable = true;
                }
                case '(' -> {
                    if (i + 1 < n && regex.charAt(i + 1) == '?') {
                        if (i + 2 < n && regex.charAt(i + 2) == ':') {
                            out.append("(?:");
                            i += 3;
                        } else {
                            return Optional.empty();
                        }
                    } else {
                        out.append('(');
                        i++;
                    }
                    depth++;
                    quantifiable = false;
                }
                case ')' -> {
                    if (depth == 0) {
                        return Optional.empty();
                    }
                    depth--;
                    out.append(')');
                    i++;
                    quantifiable = true;
                }
                case '|' -> {
                    out.append('|');
                    i++;
                    quantifiable = false;
                }
                case '^' -> {
                    out.append('^');
                    i++;
                    quantifiable = false;
                }
                case '$' -> {
                    if (i != n - 1 || depth != 0) {
                        return Optional.empty();
                    }
                    out.append("\\n?\\z");
                    i++;
                    quantifiable = false;
                }
                case '.' -> {
                    out.append('.');
                    i++;
                    quantifiable = true;
                }
                case '*', '+', '?', '{' -> {
                    if (!quantifiable) {
                        return Optional.empty();
                    }
                    int end = quantifier(regex, i, out);
                    if (end < 0) {
                        return Optional.empty();
                    }
                    i = end;
                    // a quantifier may be followed by '?' (lazy) only, which quantifier() took
                    quantifiable = false;
                }
                case ']', '}' -> {
                    return Optional.empty();
                }
                default -> {
                    out.append(c);
                    i++;
                    quantifiable = true;
                }
            }
        }
        return depth == 0 ? Optional.of(out.toString()) : Optional.empty();
    }

    /** Copies a quantifier at {@code i} (with a lazy '?'); returns the index after it, or -1. */
    private static int quantifier(String regex, int i, StringBuilder out) {
        int n = regex.length();
        char c = regex.charAt(i);
        int end;
        if (c == '{') {
            int close = regex.indexOf('}', i);
            if (close < 0) {
                return -1;
            }
            String body = regex.substring(i + 1, close);
            if (!body.matches("[0-9]{1,4}(,[0-9]{0,4})?")) {
                return -1;
            }
            for (String bound : body.split(",")) {
                if (!bound.isEmpty() && Integer.parseInt(bound) > 1000) {
                    return -1;
                }
            }
            out.append(regex, i, close + 1);
            end = close + 1;
        } else {
            out.append(c);
            end = i + 1;
        }
        if (end < n && regex.charAt(end) == '?') {
            out.append('?');
            end++;
        }
        if (end < n && (regex.charAt(end) == '+' || regex.charAt(end) == '*' || regex.charAt(end) == '?'
                || regex.charAt(end) == '{')) {
            // possessive, or a quantifier of a quantifier
            return -1;
        }
        return end;
    }

    /** Copies a simple character class starting at {@code i}; returns the index after it, or -1. */
    private static int characterClass(String regex, int i, StringBuilder out) {
        int n = regex.length();
        int j = i + 1;
        StringBuilder cls = new StringBuilder("[");
        if (j < n && regex.charAt(j) == '^') {
            cls.append('^');
            j++;
        }
        if (j < n && regex.charAt(j) == ']') {
            // Java and RE2 disagree on a ']' first in the class
            return -1;
        }
        boolean empty = true;
        while (j < n) {
            char c = regex.charAt(j);
            if (c == ']') {
                if (empty) {
                    return -1;
                }
                cls.append(']');
                out.append(cls);
                return j + 1;
            }
            if (c == '[' || (c == '&' && j + 1 < n && regex.charAt(j + 1) == '&')) {
                // Java nests and intersects classes; RE2 reads '[' as itself (or a POSIX class)
                return -1;
            }
            if (c == '\\') {
                if (j + 1 >= n) {
                    return -1;
                }
                char e = regex.charAt(j + 1);
                boolean shorthand = e == 'd' || e == 'D' || e == 'w' || e == 'W' || e == 't' || e == 'n' || e == 'r'
                        || e == 'f';
                if (!shorthand && !(e < 128 && !Character.isLetterOrDigit(e))) {
                    return -1;
                }
                boolean set = e == 'd' || e == 'D' || e == 'w' || e == 'W';
                if (set && (regex.charAt(j - 1) == '-' || (j + 2 < n && regex.charAt(j + 2) == '-'))) {
                    // a range with a class at one end: the two engines disagree
                    return -1;
                }
                cls.append('\\').append(e);
                j += 2;
            } else {
                cls.append(c);
                j++;
            }
            empty = false;
        }
        return -1;
    }
}
