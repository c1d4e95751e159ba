package io.capstan.client;

import io.capstan.core.Page;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Walks the pages of a search. */
public final class Pages {
    private Pages() {
    }

    /**
     * Fetches pages until the server has no next page or {@code limit} items are collected.
     *
     * @param fetchPage fetches the page a token stands for (null for the first page); not null
     * @param limit the most items to return; {@link Integer#MAX_VALUE} for all
     * @return at most {@code limit} items, in the server's order
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    public static <T> List<T> collect(Function<String, Page<T>> fetchPage, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit);
        }
        List<T> items = new ArrayList<>();
        String token = null;
        while (items.size() < limit) {
            Page<T> page = fetchPage.apply(token);
            items.addAll(page.items().subList(0, Math.min(page.items().size(), limit - items.size())));
            token = page.nextPageToken();
            // an empty page with a token would loop forever on a misbehaving server
            if (token == null || token.isEmpty() || page.items().isEmpty()) {
                break;
            }
        }
        return List.copyOf(items);
    }
}
