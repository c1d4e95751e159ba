package io.capstan.client;

import io.capstan.core.CapstanException;

import java.util.List;

/**
 * What a search asks for: an MLflow filter expression, order-by clauses, a page size and the
 * token of the page to fetch.
 *
 * @param filter an MLflow search filter such as {@code name LIKE 'churn%'}; null or blank for none
 * @param orderBy order-by clauses such as {@code "name ASC"}; null is read as none
 * @param maxResults the page size; null for the client's default for that search
 * @param pageToken a token from an earlier {@link io.capstan.core.Page#nextPageToken()}; null for
 *     the first page
 * @throws CapstanException INVALID_PARAMETER_VALUE when {@code maxResults} is below 1
 */
public record SearchQuery(String filter, List<String> orderBy, Integer maxResults, String pageToken) {
    public SearchQuery {
        filter = filter == null || filter.isBlank() ? null : filter;
        orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
        if (maxResults != null && maxResults < 1) {
            throw CapstanException.invalid("max_results must be a positive integer, got %d", maxResults);
        }
        pageToken = pageToken == null || pageToken.isEmpty() ? null : pageToken;
    }

    /** The first page of everything, in the server's default order and page size. */
    public static SearchQuery all() {
        return new SearchQuery(null, List.of(), null, null);
    }

    /** This query with another filter (null for none). */
    public SearchQuery withFilter(String newFilter) {
        return new SearchQuery(newFilter, orderBy, maxResults, pageToken);
    }

    /** This query with other order-by clauses. */
    public SearchQuery withOrderBy(List<String> newOrderBy) {
        return new SearchQuery(filter, newOrderBy, maxResults, pageToken);
    }

    /** This query with another page size (null for the default). */
    public SearchQuery withMaxResults(Integer newMaxResults) {
        return new SearchQuery(filter, orderBy, newMaxResults, pageToken);
    }

    /** This query fetching the page {@code newPageToken} stands for (null for the first). */
    public SearchQuery withPageToken(String newPageToken) {
        return new SearchQuery(filter, orderBy, maxResults, newPageToken);
    }
}
