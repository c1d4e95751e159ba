package io.capstan.tracking.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LikePatternTest {

    /** pattern, value, case-sensitive match, case-insensitive match. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("abc%", "abcdef", true, true),
                Arguments.of("abc%", "xabc", false, false),
                Arguments.of("%abc", "xxabc", true, true),
                Arguments.of("%b%", "abc", true, true),
                Arguments.of("%", "", true, true),
                Arguments.of("%", "line\nbreak", true, true),
                Arguments.of("a_c", "abc", true, true),
                Arguments.of("a_c", "ac", false, false),
                Arguments.of("a_c", "a🚀c", true, true),
                Arguments.of("a.c", "abc", false, false),
                Arguments.of("a.c", "a.c", true, true),
                Arguments.of("a+b*(c)?[d]{1}^$|\\E", "a+b*(c)?[d]{1}^$|\\E", true, true),
                Arguments.of("a\\%", "a\\xyz", true, true),
                Arguments.of("ABC", "abc", false, true),
                Arguments.of("prod-%", "PROD-1", false, true),
                Arguments.of("École", "école", false, true),
                Arguments.of("", "", true, true),
                Arguments.of("", "a", false, false));
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @MethodSource("cases")
    void matchesWholeValue(String pattern, String value, boolean like, boolean ilike) {
        assertThat(LikePattern.compile(pattern, true).matcher(value).matches()).isEqualTo(like);
        assertThat(LikePattern.compile(pattern, false).matcher(value).matches()).isEqualTo(ilike);
    }

    @Test
    void comparatorChoosesCaseSensitivity() {
        Pattern like = LikePattern.forComparator(Comparator.LIKE, "Run%");
        Pattern ilike = LikePattern.forComparator(Comparator.ILIKE, "Run%");
        assertThat(like.matcher("running").matches()).isFalse();
        assertThat(ilike.matcher("running").matches()).isTrue();
        assertThatThrownBy(() -> LikePattern.forComparator(Comparator.EQ, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
