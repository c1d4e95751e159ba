package io.capstan.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.core.IdGenerator;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunNamesTest {
    @Test
    void namesAreMlflowsShapeAndNeverLongerThanTwentyCharacters() {
        RunNames names = new RunNames(IdGenerator.fromRandom(new Random(42)));
        int longestSeen = 0;
        for (int i = 0; i < 20_000; i++) {
            String name = names.next();
            assertThat(name.length()).as(name).isLessThanOrEqualTo(RunNames.MAX_LENGTH);
            longestSeen = Math.max(longestSeen, name.length());
            if (name.length() < RunNames.MAX_LENGTH) {
                assertThat(name).matches("[a-z]+-[a-z]+-([0-9]|[1-9][0-9]{1,2}|1000)");
            }
        }
        assertThat(longestSeen).isEqualTo(RunNames.MAX_LENGTH);
    }
}
