package io.capstan.client;

import io.capstan.core.Page;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PagesTest {
    private final Map<String, Page<Integer>> pages = Map.of(
            "first", new Page<>(List.of(1, 2), "second"),
            "second", new Page<>(List.of(3, 4), "third"),
            "third", new Page<>(List.of(5), null));
    private final List<String> asked = new ArrayList<>();

    private Page<Integer> fetch(String token) {
        String key = token == null ? "first" : token;
        asked.add(key);
        return pages.get(key);
    }

    @Test
    void collectsEveryPage() {
        assertThat(Pages.collect(this::fetch, Integer.MAX_VALUE)).containsExactly(1, 2, 3, 4, 5);
        assertThat(asked).containsExactly("first", "second", "third");
    }

    @Test
    void stopsAsSoonAsTheLimitIsReached() {
        assertThat(Pages.collect(this::fetch, 3)).containsExactly(1, 2, 3);
        assertThat(asked).containsExactly("first", "second");
        assertThat(Pages.collect(this::fetch, 0)).isEmpty();
    }

    @Test
    void anEmptyPageWithATokenEndsTheWalk() {
        assertThat(Pages.collect(token -> new Page<Integer>(List.of(), "again"), Integer.MAX_VALUE)).isEmpty();
    }

    @Test
    void aNegativeLimitIsAMistake() {
        assertThatThrownBy(() -> Pages.collect(this::fetch, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
