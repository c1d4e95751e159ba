package io.capstan.tracking.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits filter and order_by text into {@link Token}s the way sqlparse's lexer does for the
 * constructs MLflow's grammar uses. Never fails: a character nothing recognises (an unterminated
 * quote, {@code +}, an emoji outside quotes) becomes an {@link Token.Kind#OTHER} token, and the
 * parser rejects it with the clause around it.
 *
 * <p>Iterative and linear in the input length; safe on any string. Stateless.
 */
final class FilterLexer {

    private FilterLexer() {
    }

    static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (isSpace(cp)) {
                i += width;
                continue;
            }
            int end;
            Token.Kind kind;
            switch (cp) {
                case '\'' -> {
                    end = quotedEnd(text, i, '\'', true);
                    kind = end < 0 ? Token.Kind.OTHER : Token.Kind.SINGLE_QUOTED;
                }
                case '"' -> {
                    end = quotedEnd(text, i, '"', true);
                    kind = end < 0 ? Token.Kind.OTHER : Token.Kind.DOUBLE_QUOTED;
                }
                case '`' -> {
                    end = quotedEnd(text, i, '`', false);
                    kind = end < 0 ? Token.Kind.OTHER : Token.Kind.BACKTICKED;
                }
                case '(' -> {
                    end = i + 1;
                    kind = Token.Kind.LEFT_PAREN;
                }
                case ')' -> {
                    end = i + 1;
                    kind = Token.Kind.RIGHT_PAREN;
                }
                case ',' -> {
                    end = i + 1;
                    kind = Token.Kind.COMMA;
                }
                case ';' -> {
                    end = i + 1;
                    kind = Token.Kind.SEMICOLON;
                }
                default -> {
                    end = -1;
                    kind = Token.Kind.OTHER;
                }
            }
            if (end < 0 && kind == Token.Kind.OTHER && cp != '\'' && cp != '"' && cp != '`') {
                int numberEnd = numberEnd(text, i);
                if (numberEnd > 0) {
                    end = numberEnd;
                    kind = Token.Kind.NUMBER;
                } else if (cp == '.') {
                    end = i + 1;
                    kind = Token.Kind.DOT;
                } else if (isWordChar(cp)) {
                    end = wordEnd(text, i + width);
                    kind = Token.Kind.WORD;
                } else if (isOperatorChar(cp)) {
                    end = i + 1;
                    while (end < n && isOperatorChar(text.charAt(end))) {
                        end++;
                    }
                    kind = Token.Kind.OPERATOR;
                }
            }
            if (end < 0) {
                // an unterminated quote or a character no rule knows: one OTHER token, go on
                end = i + width;
                kind = Token.Kind.OTHER;
            }
            tokens.add(new Token(kind, text.substring(i, end), i, end));
            i = end;
        }
        return tokens;
    }

    /**
     * The end (exclusive) of the quoted string opening at {@code start}, or -1 if it never closes.
     * A doubled quote and (where allowed) a backslash-escaped quote continue the string, like
     * sqlparse's {@code '(''|\\'|[^'])*'}. When the greedy reading runs off the end, the regex
     * engine backtracks to the last quote that could have closed the string; so do we.
     */
    static int quotedEnd(String text, int start, char quote, boolean backslashEscapes) {
        int n = text.length();
        int lastPossibleClose = -1;
        int i = start + 1;
        while (i < n) {
            char c = text.charAt(i);
            if (c == quote) {
                if (i + 1 < n && text.charAt(i + 1) == quote) {
                    lastPossibleClose = i;
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            if (backslashEscapes && c == '\\' && i + 1 < n && text.charAt(i + 1) == quote) {
                lastPossibleClose = i + 1;
                i += 2;
                continue;
            }
            i++;
        }
        return lastPossibleClose < 0 ? -1 : lastPossibleClose + 1;
    }

    /**
     * The end of a number starting at {@code i}, or -1. sqlparse's rules, in its order:
     * {@code -?\d+(\.\d+)?E-?\d+}, then {@code -?(\d+\.\d*|\.\d+)} and {@code -?\d+}, the last two
     * only when no letter or underscore follows (so {@code 1abc} is a word).
     */
    private static int numberEnd(String text, int i) {
        int n = text.length();
        int j = i;
        if (j < n && text.charAt(j) == '-') {
            j++;
        }
        if (j < n && isAsciiDigit(text.charAt(j))) {
            int intEnd = digitsEnd(text, j);
            int mantissaEnd = intEnd;
            if (mantissaEnd + 1 < n && text.charAt(mantissaEnd) == '.'
                    && isAsciiDigit(text.charAt(mantissaEnd + 1))) {
                mantissaEnd = digitsEnd(text, mantissaEnd + 1);
            }
            if (mantissaEnd < n && (text.charAt(mantissaEnd) == 'e' || text.charAt(mantissaEnd) == 'E')) {
                int e = mantissaEnd + 1;
                if (e < n && text.charAt(e) == '-') {
                    e++;
                }
                if (e < n && isAsciiDigit(text.charAt(e))) {
                    return digitsEnd(text, e);
                }
            }
            if (intEnd < n && text.charAt(intEnd) == '.') {
                int fractionEnd = digitsEnd(text, intEnd + 1);
                if (!letterOrUnderscoreAt(text, fractionEnd)) {
                    return fractionEnd;
                }
            }
            return letterOrUnderscoreAt(text, intEnd) ? -1 : intEnd;
        }
        if (j + 1 < n && text.charAt(j) == '.' && isAsciiDigit(text.charAt(j + 1))) {
            int fractionEnd = digitsEnd(text, j + 1);
            return letterOrUnderscoreAt(text, fractionEnd) ? -1 : fractionEnd;
        }
        return -1;
    }

    private static int digitsEnd(String text, int i) {
        int j = i;
        while (j < text.length() && isAsciiDigit(text.charAt(j))) {
            j++;
        }
        return j;
    }

    private static boolean letterOrUnderscoreAt(String text, int i) {
        if (i >= text.length()) {
            return false;
        }
        int cp = text.codePointAt(i);
        return cp == '_' || Character.isLetter(cp);
    }

    private static int wordEnd(String text, int i) {
        int j = i;
        while (j < text.length()) {
            int cp = text.codePointAt(j);
            if (!isWordChar(cp) && cp != '$' && cp != '#') {
                break;
            }
            j += Character.charCount(cp);
        }
        return j;
    }

    /** Python's {@code \w} on str: letters, digits, other numerics and the underscore. */
    static boolean isWordChar(int cp) {
        if (cp == '_' || Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    /** Python's {@code \s}: Java whitespace plus the no-break spaces Java leaves out. */
    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    private static boolean isOperatorChar(int c) {
        return c == '<' || c == '>' || c == '=' || c == '~' || c == '!';
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
