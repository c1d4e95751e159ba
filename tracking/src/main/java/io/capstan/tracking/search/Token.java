package io.capstan.tracking.search;

import java.util.Objects;

/**
 * One lexeme of a filter or order_by clause, with its half-open position {@code [start, end)} in
 * the source text. Positions let the parser tell {@code tags.x} (one identifier) from
 * {@code tags . x}, and quote the user's own text back in error messages.
 */
record Token(Kind kind, String text, int start, int end) {

    enum Kind {
        /** A run of word characters ({@code \w}, plus {@code $ #} after the first). */
        WORD,
        /** {@code 12}, {@code -1.5}, {@code .5}, {@code 1e-3}: as sqlparse recognises numbers. */
        NUMBER,
        /** {@code 'text'}, quotes included, content kept raw (MLflow never unescapes it). */
        SINGLE_QUOTED,
        /** {@code "text"}: a string value or a quoted identifier part. */
        DOUBLE_QUOTED,
        /** {@code `text`}: a quoted identifier part. */
        BACKTICKED,
        DOT,
        LEFT_PAREN,
        RIGHT_PAREN,
        COMMA,
        SEMICOLON,
        /** A run of {@code < > = ~ !}: {@code =}, {@code !=}, but also {@code ==} or {@code <>}. */
        OPERATOR,
        /** Anything else, including the opening quote of an unterminated string. */
        OTHER
    }

    Token {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(text, "text is null");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad token span [" + start + ", " + end + ")");
        }
    }

    /** Whether this is the given SQL keyword; keywords match ASCII-case-insensitively. */
    boolean isWord(String keyword) {
        return kind == Kind.WORD && Keywords.equalsIgnoreAsciiCase(text, keyword);
    }
}
