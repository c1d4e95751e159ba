package io.capstan.tracking.search;

import io.capstan.core.CapstanException;
import io.capstan.tracking.search.RawComparison.RawValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema-independent half of the grammar: turns filter text into {@link RawComparison}s and
 * an order_by clause into an identifier plus a direction, rejecting what MLflow's sqlparse-based
 * parser rejects with the same kind of message.
 *
 * <pre>
 * filter     := { AND } [ comparison { AND { AND } comparison } { AND } ]     (AND in any case)
 * comparison := identifier operator value
 *             | identifier [NOT] IN '(' ... ')'
 *             | identifier IS [NOT] NULL
 * identifier := part { '.' part }        no space around '.', the first part not a quoted string
 * part       := word | "double-quoted" | `backticked` | 'single-quoted' (after a dot only)
 * operator   := a run of &lt; &gt; = ~ ! | [NOT] (LIKE | ILIKE | RLIKE | REGEXP)
 * value      := number | 'string' | identifier | '(' ... ')'
 * order_by   := identifier [ ASC | DESC ]  (no leading or trailing space, as in MLflow)
 * </pre>
 *
 * Operators are kept as written (upper-cased); whether one is allowed is the schema's business,
 * as it is in MLflow, where {@code params.p > 'x'} parses and the store rejects it.
 */
final class FilterSyntax {
    private final String source;
    private final List<Token> tokens;
    private int pos;

    private FilterSyntax(String source) {
        this.source = source;
        this.tokens = FilterLexer.tokenize(source);
    }

    /** An order_by clause: the identifier's raw text and the direction (ASC unless DESC). */
    record OrderClause(String identifier, boolean ascending) {
        OrderClause {
            java.util.Objects.requireNonNull(identifier, "identifier is null");
        }
    }

    /**
     * @param filter non-null, non-blank filter text
     * @throws CapstanException INVALID_PARAMETER_VALUE for anything that is not an AND-list of
     *     comparisons
     */
    static List<RawComparison> parseFilter(String filter) {
        return new FilterSyntax(filter).filter();
    }

    /**
     * @param clause one order_by element, non-null
     * @throws CapstanException INVALID_PARAMETER_VALUE ("Could not be parsed", "Invalid ordering key")
     */
    static OrderClause parseOrderClause(String clause) {
        return new FilterSyntax(clause).orderClause();
    }

    private List<RawComparison> filter() {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).kind() == Token.Kind.SEMICOLON && i + 1 < tokens.size()) {
                throw SearchErrors.invalid("Search filter contained multiple expression '" + source
                        + "'. Provide AND-ed expression list.");
            }
        }
        List<RawComparison> comparisons = new ArrayList<>();
        while (pos < tokens.size()) {
            if (tokens.get(pos).isWord("AND")) {
                pos++;
                continue;
            }
            int clauseStart = pos;
            comparisons.add(comparison(clauseStart));
            if (pos < tokens.size() && !tokens.get(pos).isWord("AND")) {
                Token unexpected = tokens.get(pos);
                if (unexpected.isWord("OR")) {
                    throw SearchErrors.invalid("Invalid clause(s) in filter string: '" + unexpected.text()
                            + "'. Only AND is supported between comparisons.");
                }
                throw invalidClause(clauseStart);
            }
        }
        return comparisons;
    }

    private RawComparison comparison(int clauseStart) {
        Token first = tokens.get(pos);
        if ((first.kind() == Token.Kind.NUMBER || first.kind() == Token.Kind.SINGLE_QUOTED)
                && pos + 1 < tokens.size() && tokens.get(pos + 1).kind() == Token.Kind.OPERATOR) {
            throw SearchErrors.invalid("Invalid comparison clause. Expected 'Identifier' found '"
                    + first.text() + "'");
        }
        if (first.kind() == Token.Kind.LEFT_PAREN) {
            throw SearchErrors.invalid("Invalid clause(s) in filter string: '" + clauseText(clauseStart)
                    + "'. Parentheses are not supported; combine comparisons with AND.");
        }
        String identifier = identifier();
        if (identifier == null || pos >= tokens.size()) {
            throw invalidClause(clauseStart);
        }
        Token op = tokens.get(pos);
        String operator;
        if (op.kind() == Token.Kind.OPERATOR) {
            operator = op.text();
            pos++;
        } else if (isMatchOperator(op)) {
            operator = Keywords.upperAscii(op.text());
            pos++;
        } else if (op.isWord("IN")) {
            operator = "IN";
            pos++;
        } else if (op.isWord("NOT") && pos + 1 < tokens.size()
                && (isMatchOperator(tokens.get(pos + 1)) || tokens.get(pos + 1).isWord("IN"))) {
            operator = "NOT " + Keywords.upperAscii(tokens.get(pos + 1).text());
            pos += 2;
        } else if (op.isWord("IS")) {
            return nullTest(identifier, clauseStart);
        } else {
            throw invalidClause(clauseStart);
        }
        if ((operator.equals("IN") || operator.equals("NOT IN"))
                && (pos >= tokens.size() || tokens.get(pos).kind() != Token.Kind.LEFT_PAREN)) {
            throw invalidClause(clauseStart);
        }
        RawValue value = value(clauseStart);
        return new RawComparison(identifier, operator, value, textBetween(clauseStart, pos));
    }

    private RawComparison nullTest(String identifier, int clauseStart) {
        pos++; // IS
        boolean negated = pos < tokens.size() && tokens.get(pos).isWord("NOT");
        if (negated) {
            pos++;
        }
        if (pos >= tokens.size() || !tokens.get(pos).isWord("NULL")) {
            throw invalidClause(clauseStart);
        }
        pos++;
        String operator = negated ? "IS NOT NULL" : "IS NULL";
        return new RawComparison(identifier, operator, new RawValue.Absent(""), textBetween(clauseStart, pos));
    }

    private RawValue value(int clauseStart) {
        if (pos >= tokens.size()) {
            throw invalidClause(clauseStart);
        }
        Token token = tokens.get(pos);
        switch (token.kind()) {
            case NUMBER -> {
                pos++;
                return new RawValue.Number(token.text());
            }
            case SINGLE_QUOTED -> {
                pos++;
                return new RawValue.Quoted(token.text());
            }
            case WORD, DOUBLE_QUOTED, BACKTICKED -> {
                String name = identifier();
                if (name == null) {
                    throw invalidClause(clauseStart);
                }
                return new RawValue.Name(name);
            }
            case LEFT_PAREN -> {
                int close = matchingParen(pos);
                if (close < 0) {
                    throw invalidClause(clauseStart);
                }
                String text = source.substring(token.start(), tokens.get(close).end());
                pos = close + 1;
                return new RawValue.Parenthesised(text);
            }
            case DOT, RIGHT_PAREN, COMMA, SEMICOLON, OPERATOR, OTHER -> throw invalidClause(clauseStart);
        }
        throw invalidClause(clauseStart);
    }

    /**
     * Reads a (possibly dotted) identifier at {@code pos} and returns its raw text, or null (with
     * {@code pos} unspecified) if there is none: a reserved word standing alone, a dangling dot,
     * or a quoted string or number in first position.
     */
    private String identifier() {
        if (pos >= tokens.size()) {
            return null;
        }
        Token first = tokens.get(pos);
        boolean dotted = pos + 1 < tokens.size() && tokens.get(pos + 1).kind() == Token.Kind.DOT
                && tokens.get(pos + 1).start() == first.end();
        boolean startsIdentifier = switch (first.kind()) {
            case WORD -> dotted || !Keywords.isReserved(first.text());
            case DOUBLE_QUOTED, BACKTICKED -> true;
            case NUMBER, SINGLE_QUOTED, DOT, LEFT_PAREN, RIGHT_PAREN, COMMA, SEMICOLON, OPERATOR, OTHER -> false;
        };
        if (!startsIdentifier) {
            return null;
        }
        pos++;
        while (pos < tokens.size() && tokens.get(pos).kind() == Token.Kind.DOT
                && tokens.get(pos).start() == tokens.get(pos - 1).end()) {
            pos++;
            if (pos >= tokens.size() || tokens.get(pos).start() != tokens.get(pos - 1).end()
                    || !isPartAfterDot(tokens.get(pos))) {
                return null;
            }
            pos++;
        }
        return source.substring(first.start(), tokens.get(pos - 1).end());
    }

    private static boolean isPartAfterDot(Token token) {
        return switch (token.kind()) {
            case WORD, DOUBLE_QUOTED, BACKTICKED, SINGLE_QUOTED -> true;
            case NUMBER, DOT, LEFT_PAREN, RIGHT_PAREN, COMMA, SEMICOLON, OPERATOR, OTHER -> false;
        };
    }

    private static boolean isMatchOperator(Token token) {
        for (String keyword : Keywords.MATCH_OPERATORS) {
            if (token.isWord(keyword)) {
                return true;
            }
        }
        return false;
    }

    private int matchingParen(int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Token.Kind kind = tokens.get(i).kind();
            if (kind == Token.Kind.LEFT_PAREN) {
                depth++;
            } else if (kind == Token.Kind.RIGHT_PAREN) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private OrderClause orderClause() {
        String invalid = "Invalid order_by clause '" + source + "'. Could not be parsed.";
        if (tokens.isEmpty() || tokens.get(0).start() != 0
                || tokens.get(tokens.size() - 1).end() != source.length()) {
            // sqlparse keeps surrounding whitespace as extra tokens, which MLflow refuses
            throw SearchErrors.invalid(invalid);
        }
        String identifier = identifier();
        if (identifier == null) {
            throw SearchErrors.invalid(invalid);
        }
        int rest = tokens.size() - pos;
        if (rest == 0) {
            return new OrderClause(identifier, true);
        }
        Token direction = tokens.get(pos);
        if (rest > 1 || direction.kind() != Token.Kind.WORD || direction.start() == tokens.get(pos - 1).end()) {
            throw SearchErrors.invalid(invalid);
        }
        if (direction.isWord("ASC")) {
            return new OrderClause(identifier, true);
        }
        if (direction.isWord("DESC")) {
            return new OrderClause(identifier, false);
        }
        if (identifier.equals("timestamp")) {
            // sqlparse lexes timestamp as a builtin type name, which takes no alias
            throw SearchErrors.invalid(invalid);
        }
        throw SearchErrors.invalid("Invalid ordering key in order_by clause '" + source + "'.");
    }

    private CapstanException invalidClause(int clauseStart) {
        return SearchErrors.invalid("Invalid clause(s) in filter string: '" + clauseText(clauseStart) + "'");
    }

    /** From the clause's first token up to the next top-level AND (or the end). */
    private String clauseText(int clauseStart) {
        int depth = 0;
        int end = clauseStart;
        for (int i = clauseStart; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (depth == 0 && i > clauseStart && token.isWord("AND")) {
                break;
            }
            if (token.kind() == Token.Kind.LEFT_PAREN) {
                depth++;
            } else if (token.kind() == Token.Kind.RIGHT_PAREN && depth > 0) {
                depth--;
            }
            end = i + 1;
        }
        return textBetween(clauseStart, end);
    }

    private String textBetween(int fromToken, int toTokenExclusive) {
        if (fromToken >= tokens.size() || toTokenExclusive <= fromToken) {
            return "";
        }
        return source.substring(tokens.get(fromToken).start(), tokens.get(toTokenExclusive - 1).end());
    }
}
