package io.capstan.tracking.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Reads the case tables of the grammar tests and prints parse results compactly, so that a table
 * line reads {@code input ==> expected}. Expected comparisons print as
 * {@code kind:key OP value}, joined by {@code " ; "}; numbers in plain notation, text quoted,
 * lists as {@code ['a', 'b']}.
 */
final class GrammarCases {
    static final String ARROW = " ==> ";

    private GrammarCases() {
    }

    /** One {@code Arguments(input, expected)} per non-blank line of the table. */
    static Stream<Arguments> table(String table) {
        List<Arguments> rows = new ArrayList<>();
        for (String line : table.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int arrow = line.indexOf(ARROW);
            if (arrow < 0) {
                throw new IllegalArgumentException("table line without ' ==> ': " + line);
            }
            rows.add(Arguments.of(line.substring(0, arrow), line.substring(arrow + ARROW.length())));
        }
        return rows.stream();
    }

    static String render(List<Comparison> comparisons) {
        List<String> parts = new ArrayList<>();
        for (Comparison c : comparisons) {
            parts.add(kind(c.identifier()) + ":" + c.identifier().key() + " " + c.comparator().text() + " "
                    + literal(c.literal()));
        }
        return String.join(" ; ", parts);
    }

    static String renderOrder(List<OrderBy> orders) {
        List<String> parts = new ArrayList<>();
        for (OrderBy o : orders) {
            parts.add(kind(o.identifier()) + ":" + o.identifier().key() + (o.ascending() ? " ASC" : " DESC"));
        }
        return String.join(" ; ", parts);
    }

    private static String kind(Identifier identifier) {
        return identifier.kind().name().toLowerCase(Locale.ROOT);
    }

    private static String literal(Literal literal) {
        return switch (literal) {
            case Literal.Text text -> "'" + text.value() + "'";
            case Literal.Number number -> Double.isFinite(number.value())
                    ? BigDecimal.valueOf(number.value()).stripTrailingZeros().toPlainString()
                    : Double.toString(number.value());
            case Literal.TextList list -> SearchErrors.list(list.values());
        };
    }

    /** Asserts the call fails with INVALID_PARAMETER_VALUE and a message containing {@code fragment}. */
    static void assertRejected(Runnable call, String fragment) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(CapstanException.class).hasMessageContaining(fragment);
        assertThat(((CapstanException) thrown).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }
}
