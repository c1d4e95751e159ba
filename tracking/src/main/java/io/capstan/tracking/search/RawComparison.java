package io.capstan.tracking.search;

import java.util.Objects;

/**
 * One comparison as written, before any schema gave it meaning: the identifier's raw text
 * ({@code tags.`mlflow.runName`}), the operator upper-cased ({@code =}, {@code NOT IN},
 * {@code RLIKE}, {@code ==} ...) and the value token(s).
 *
 * @param text the comparison's own source text, for error messages
 */
record RawComparison(String identifier, String operator, RawValue value, String text) {

    RawComparison {
        Objects.requireNonNull(identifier, "identifier is null");
        Objects.requireNonNull(operator, "operator is null");
        Objects.requireNonNull(value, "value is null");
        Objects.requireNonNull(text, "text is null");
    }

    /** The right-hand side as written; {@link #text()} is always the user's own text. */
    sealed interface RawValue {
        String text();

        /** A bare number ({@code 1}, {@code -0.5}, {@code 1e3}). */
        record Number(String text) implements RawValue {
            public Number {
                Objects.requireNonNull(text, "text is null");
            }
        }

        /** A single-quoted string, quotes included. */
        record Quoted(String text) implements RawValue {
            public Quoted {
                Objects.requireNonNull(text, "text is null");
            }
        }

        /**
         * What sqlparse groups as an identifier: a bare word, a double-quoted or backticked
         * string, or a dotted path. Only the double-quoted form is a valid string value.
         */
        record Name(String text) implements RawValue {
            public Name {
                Objects.requireNonNull(text, "text is null");
            }
        }

        /** A parenthesised list, parentheses included, not yet parsed. */
        record Parenthesised(String text) implements RawValue {
            public Parenthesised {
                Objects.requireNonNull(text, "text is null");
            }
        }

        /** No value: {@code IS NULL} / {@code IS NOT NULL}. */
        record Absent(String text) implements RawValue {
            public Absent {
                Objects.requireNonNull(text, "text is null");
            }
        }
    }
}
