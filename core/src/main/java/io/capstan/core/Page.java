package io.capstan.core;

import java.util.List;
import java.util.Objects;

/**
 * One page of a search: the items, and the token that fetches the next page ({@code null} when
 * this is the last page).
 */
public record Page<T>(List<T> items, String nextPageToken) {
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items is null"));
    }

    /** Cuts {@code rows} (fetched with one extra row) into a page starting at {@code offset}. */
    public static <T> Page<T> of(List<T> rowsPlusOne, long offset, int maxResults) {
        if (rowsPlusOne.size() > maxResults) {
            return new Page<>(rowsPlusOne.subList(0, maxResults), PageToken.ofOffset(offset + maxResults));
        }
        return new Page<>(rowsPlusOne, null);
    }
}
