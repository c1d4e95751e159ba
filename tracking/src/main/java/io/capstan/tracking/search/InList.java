package io.capstan.tracking.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the parenthesised list of an IN / NOT IN comparison. MLflow evaluates that text as a
 * Python literal ({@code ast.literal_eval}), so the elements follow Python's rules, not SQL's:
 * single- or double-quoted, backslash escapes interpreted, adjacent strings concatenated
 * ({@code ('a' 'b')} is {@code ['ab']}), an optional trailing comma, at least one element.
 */
final class InList {
    private static final String ILL_FORMED = "While parsing a list in the query, expected a non-empty list of "
            + "string values, but got ill-formed list.";

    private final String text;
    private int i;

    private InList(String text) {
        this.text = text;
    }

    /**
     * @param parenthesised the list with its parentheses, e.g. {@code ('a', "b")}
     * @return the strings, in order
     * @throws io.capstan.core.CapstanException INVALID_PARAMETER_VALUE for an empty list, a
     *     non-string element or anything Python would not read as a tuple of strings
     */
    static List<String> parse(String parenthesised) {
        if (parenthesised.length() < 2 || parenthesised.charAt(0) != '('
                || parenthesised.charAt(parenthesised.length() - 1) != ')') {
            throw SearchErrors.invalid(ILL_FORMED);
        }
        return new InList(parenthesised.substring(1, parenthesised.length() - 1)).elements(parenthesised);
    }

    private List<String> elements(String parenthesised) {
        List<String> values = new ArrayList<>();
        boolean foreignElement = false;
        skipSpace();
        if (i >= text.length()) {
            throw SearchErrors.invalid("While parsing a list in the query, expected a non-empty list of string "
                    + "values, but got empty list");
        }
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                StringBuilder value = new StringBuilder();
                while (i < text.length() && (text.charAt(i) == '\'' || text.charAt(i) == '"')) {
                    value.append(string());
                    skipSpace();
                }
                values.add(value.toString());
            } else if (isNumberStart(c) || startsWithWord("True") || startsWithWord("False")
                    || startsWithWord("None")) {
                // a valid Python literal, just not a string; MLflow names this case separately
                foreignElement = true;
                skipLiteral();
                skipSpace();
            } else {
                throw SearchErrors.invalid(ILL_FORMED);
            }
            if (i >= text.length()) {
                break;
            }
            if (text.charAt(i) != ',') {
                throw SearchErrors.invalid(ILL_FORMED);
            }
            i++;
            skipSpace();
        }
        if (foreignElement) {
            throw SearchErrors.invalid("While parsing a list in the query, expected string value, punctuation, "
                    + "or whitespace, but got different type in list: " + parenthesised);
        }
        return values;
    }

    /** One Python string literal at {@code i}, escapes resolved. */
    private String string() {
        char quote = text.charAt(i++);
        StringBuilder out = new StringBuilder();
        while (true) {
            if (i >= text.length()) {
                throw SearchErrors.invalid(ILL_FORMED);
            }
            char c = text.charAt(i++);
            if (c == quote) {
                return out.toString();
            }
            if (c == '\n' || c == '\r') {
                throw SearchErrors.invalid(ILL_FORMED);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= text.length()) {
                throw SearchErrors.invalid(ILL_FORMED);
            }
            char e = text.charAt(i++);
            switch (e) {
                case '\n' -> { } // line continuation
                case '\\', '\'', '"' -> out.append(e);
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x' -> out.appendCodePoint(hex(2));
                case 'u' -> out.appendCodePoint(hex(4));
                case 'U' -> out.appendCodePoint(hex(8));
                case 'N' -> out.appendCodePoint(namedCharacter());
                default -> {
                    if (e >= '0' && e <= '7') {
                        int value = e - '0';
                        for (int k = 0; k < 2 && i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '7'; k++) {
                            value = value * 8 + (text.charAt(i++) - '0');
                        }
                        out.appendCodePoint(value);
                    } else {
                        // Python keeps unknown escapes as written
                        out.append('\\').append(e);
                    }
                }
            }
        }
    }

    private int hex(int digits) {
        if (i + digits > text.length()) {
            throw SearchErrors.invalid(ILL_FORMED);
        }
        long value = 0;
        for (int k = 0; k < digits; k++) {
            int digit = Character.digit(text.charAt(i++), 16);
            if (digit < 0) {
                throw SearchErrors.invalid(ILL_FORMED);
            }
            value = value * 16 + digit;
        }
        if (value > Character.MAX_CODE_POINT) {
            throw SearchErrors.invalid(ILL_FORMED);
        }
        return (int) value;
    }

    private int namedCharacter() {
        if (i >= text.length() || text.charAt(i) != '{') {
            throw SearchErrors.invalid(ILL_FORMED);
        }
        int close = text.indexOf('}', i);
        if (close < 0) {
            throw SearchErrors.invalid(ILL_FORMED);
        }
        String name = text.substring(i + 1, close);
        i = close + 1;
        try {
            return Character.codePointOf(name);
        } catch (IllegalArgumentException e) {
            throw SearchErrors.invalid(ILL_FORMED);
        }
    }

    private boolean isNumberStart(char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+';
    }

    private boolean startsWithWord(String word) {
        if (!text.startsWith(word, i)) {
            return false;
        }
        int after = i + word.length();
        return after >= text.length() || !FilterLexer.isWordChar(text.codePointAt(after));
    }

    private void skipLiteral() {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ',' || FilterLexer.isSpace(c)) {
                return;
            }
            if (c == '\'' || c == '"' || c == '(' || c == ')') {
                throw SearchErrors.invalid(ILL_FORMED);
            }
            i++;
        }
    }

    private void skipSpace() {
        while (i < text.length() && FilterLexer.isSpace(text.charAt(i))) {
            i++;
        }
    }
}
