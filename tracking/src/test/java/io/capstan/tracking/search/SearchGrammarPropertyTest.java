package io.capstan.tracking.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Whatever the text, parsing either succeeds or fails with INVALID_PARAMETER_VALUE: no
 * NumberFormatException, StringIndexOutOfBoundsException, NPE or stack overflow. The theories
 * call the unguarded entry points, so a bug of ours is not hidden by the public safety net.
 */
class SearchGrammarPropertyTest {

    private static final List<String> PIECES = List.of(
            // identifiers
            "metrics.a", "metric.`a b`", "params.p", "parameters.\"x.y\"", "tags.mlflow.runName", "tags.`mlflow.runName`",
            "attributes.run_id", "attribute.status", "attr.created", "run.start_time", "run_id", "name", "status",
            "created", "`Run Name`", "attributes.`Run Name`", "datasets.name", "dataset.context", "version_number",
            "source_path", "creation_time", "last_update_time", "creation_timestamp", "timestamp", "model_id",
            "experiment_id", "tags.", "m.", "`metrics`.a", "\"name\"", "params.'q'",
            // operators and keywords
            "=", "!=", "<", "<=", ">", ">=", "==", "<>", "~", "LIKE", "ilike", "RLIKE", "IN", "in", "NOT", "not",
            "IS", "NULL", "AND", "and", "OR", "ASC", "DESC", "desc", "TRUE",
            // values
            "'a'", "'it''s'", "'a\\'b'", "\"b\"", "`c`", "1", "-2.5", "1e3", "1.e5", ".5", "-", "100.", "0x1F",
            "('a', 'b')", "('A')", "()", "(1, 2)", "('a' 'b',)", "('\\x4')", "('\\N{nope}')", "('\\U99999999')",
            // punctuation and debris
            "(", ")", ",", ".", ";", "'", "\"", "`", "*", "%", "%s", "--", "/*", "\\",
            // unicode
            "日本", "🚀", "é", "\u0000", "\u00a0", "\ud800", "\udc00", "ı", "\u2028", "\uFEFF");

    private static final List<String> GLUE = List.of("", " ", " ", " ", "  ", "\t", "\n");

    private static Gen<String> tokenSoup() {
        Gen<String> piece = Generate.pick(PIECES);
        Gen<String> glue = Generate.pick(GLUE);
        return lists().of(piece.zip(glue, (p, g) -> p + g)).ofSizeBetween(0, 14)
                .map(parts -> String.join("", parts));
    }

    /** Comparisons that are mostly well formed, to reach the schema checks behind the syntax. */
    private static Gen<String> plausibleFilters() {
        Gen<String> identifier = Generate.pick(PIECES.subList(0, 31));
        Gen<String> operator = Generate.pick(List.of("=", "!=", "<", ">=", "LIKE", "ILIKE", "IN", "NOT IN", "RLIKE"));
        Gen<String> value = Generate.pick(List.of("'a'", "\"b\"", "1", "-2.5", "('a', 'B')", "(1)", "x", "`y`",
                "'%'", "'a\\'b'", "()", "('a',)"));
        Gen<String> comparison = identifier.zip(operator, value, (i, o, v) -> i + " " + o + " " + v);
        return lists().of(comparison).ofSizeBetween(1, 4).map(parts -> String.join(" AND ", parts));
    }

    private static Gen<String> anyText() {
        return strings().allPossible().ofLengthBetween(0, 40);
    }

    private static Gen<String> asciiText() {
        return strings().ascii().ofLengthBetween(0, 60);
    }

    @Test
    void randomTextParsesOrFailsAsInvalidParameter() {
        qt().withExamples(3000).forAll(anyText()).checkAssert(SearchGrammarPropertyTest::parsesOrRejects);
        qt().withExamples(3000).forAll(asciiText()).checkAssert(SearchGrammarPropertyTest::parsesOrRejects);
    }

    @Test
    void tokenSoupParsesOrFailsAsInvalidParameter() {
        qt().withExamples(5000).forAll(tokenSoup()).checkAssert(SearchGrammarPropertyTest::parsesOrRejects);
    }

    @Test
    void plausibleFiltersParseOrFailAsInvalidParameter() {
        qt().withExamples(3000).forAll(plausibleFilters()).checkAssert(SearchGrammarPropertyTest::parsesOrRejects);
    }

    @Test
    void structuredLoggedModelOrderParsesOrFailsAsInvalidParameter() {
        qt().withExamples(2000).forAll(Generate.oneOf(tokenSoup(), anyText()), integers().between(0, 1))
                .checkAssert((field, direction) -> rejectsOnlyAsInvalid(
                        () -> SearchGrammar.parseLoggedModelOrderBy(field, direction == 1)));
    }

    private static void parsesOrRejects(String text) {
        for (SearchSchema schema : SearchSchema.values()) {
            rejectsOnlyAsInvalid(() -> {
                List<Comparison> parsed = SearchGrammar.parseFilterUnguarded(schema, text);
                for (Comparison comparison : parsed) {
                    boolean list = comparison.literal() instanceof Literal.TextList;
                    boolean takesList = comparison.comparator() == Comparator.IN
                            || comparison.comparator() == Comparator.NOT_IN;
                    assertThat(list).as("list literal iff IN/NOT IN in %s", text).isEqualTo(takesList);
                }
            });
            rejectsOnlyAsInvalid(() -> SearchGrammar.parseOrderByUnguarded(schema, List.of(text)));
            rejectsOnlyAsInvalid(() -> SearchGrammar.parseOrderByUnguarded(schema, List.of(text.split(",", -1))));
            rejectsOnlyAsInvalid(() -> SearchGrammar.parseFilter(schema, text));
        }
    }

    private static void rejectsOnlyAsInvalid(Runnable parse) {
        try {
            parse.run();
        } catch (CapstanException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
