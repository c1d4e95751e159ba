package io.capstan.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Re2TranslationTest {
    @Test
    void theCommonSubsetGoesToRe2() {
        assertThat(Re2Translation.toRe2("^AB-[0-9]{3}$")).contains("^AB-[0-9]{3}\\n?\\z");
        assertThat(Re2Translation.toRe2("^AB-\\d{3}\\z")).contains("^AB-\\d{3}\\z");
        assertThat(Re2Translation.toRe2("(?:a|b)+?c*\\.")).contains("(?:a|b)+?c*\\.");
        assertThat(Re2Translation.toRe2("[^a-z\\d]")).contains("[^a-z\\d]");
        assertThat(Re2Translation.toRe2("")).contains("");
        assertThat(Re2Translation.toRe2("L'Haÿ")).contains("L'Haÿ");
    }

    @Test
    void whatTheEnginesReadDifferentlyStaysInJava() {
        for (String regex : new String[] {"(?i)a", "\\s", "\\bx", "a$|b", "(a$)", "[[:alpha:]]", "[a&&b]", "[]a]",
            "a*+", "a{2}{3}", "x{1001}", "(?=a)", "(?<n>a)", "\\1", "\\p{L}", "\\Qa\\E", "\\x41", "[\\d-z]", "\\Z",
            "\\A", "a{,2}", "(a"}) {
            assertThat(Re2Translation.toRe2(regex)).as(regex).isEmpty();
        }
    }
}
