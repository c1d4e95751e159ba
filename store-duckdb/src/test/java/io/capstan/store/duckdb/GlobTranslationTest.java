package io.capstan.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTranslationTest {
    @Test
    void fixedLengthAsciiPatternsBecomeGlobs() {
        assertThat(GlobTranslation.toGlob("^AB-[0-9]{3}$")).contains(new GlobTranslation.Glob("AB-[0-9][0-9][0-9]", true));
        assertThat(GlobTranslation.toGlob("^AB-\\d{2}\\z")).contains(new GlobTranslation.Glob("AB-[0-9][0-9]", false));
        assertThat(GlobTranslation.toGlob("a\\.b")).contains(new GlobTranslation.Glob("*a.b*", false));
        assertThat(GlobTranslation.toGlob("\\*")).contains(new GlobTranslation.Glob("*[*]*", false));
    }

    @Test
    void everythingElseIsLeftToRe2() {
        for (String regex : new String[] {"a+", "a|b", "(ab)", ".", "a?", "[^a]", "\\w", "é", "[a-]", "[\\d]", "a{1,2}",
            "a{2}?", "\\s", "[0-z]", "a$b", "x{100}"}) {
            assertThat(GlobTranslation.toGlob(regex)).as(regex).isEmpty();
        }
    }
}
