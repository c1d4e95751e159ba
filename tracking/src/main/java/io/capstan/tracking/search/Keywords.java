package io.capstan.tracking.search;

import java.util.List;

/**
 * The SQL words that sqlparse lexes as keywords where MLflow's grammar cares about them. Such a
 * word is never an identifier or a value on its own ({@code status = true} is rejected by
 * MLflow), but it may be one part of a dotted identifier ({@code params.in}).
 */
final class Keywords {
    private static final List<String> RESERVED = List.of(
            "AND", "OR", "NOT", "IN", "IS", "NULL", "TRUE", "FALSE",
            "LIKE", "ILIKE", "RLIKE", "REGEXP", "ASC", "DESC");

    /** Pattern-matching operators sqlparse lexes as one comparison token, optionally after NOT. */
    static final List<String> MATCH_OPERATORS = List.of("LIKE", "ILIKE", "RLIKE", "REGEXP");

    private Keywords() {
    }

    static boolean isReserved(String word) {
        for (String keyword : RESERVED) {
            if (equalsIgnoreAsciiCase(word, keyword)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Case-insensitive for ASCII letters only, so that no locale or Unicode case mapping (the
     * Turkish dotless i upper-cases to {@code I}) turns a key into a keyword.
     */
    static boolean equalsIgnoreAsciiCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (lowerAscii(a.charAt(i)) != lowerAscii(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** ASCII upper case of a keyword the lexer already matched. */
    static String upperAscii(String word) {
        StringBuilder upper = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            upper.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        }
        return upper.toString();
    }

    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c;
    }
}
