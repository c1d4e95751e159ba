package io.capstan.cli;

import io.capstan.client.SearchQuery;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The {@code --filter}, {@code --order-by} and {@code --max-results} options of list and search. */
final class SearchOptions {
    @Option(names = "--filter", paramLabel = "EXPR",
            description = "MLflow search filter, e.g. \"name LIKE 'churn%%'\" or \"metrics.auc > 0.8\".")
    String filter;

    @Option(names = "--order-by", paramLabel = "CLAUSE",
            description = "Order-by clause, e.g. \"name ASC\"; repeatable.")
    List<String> orderBy = new ArrayList<>();

    @Option(names = "--max-results", paramLabel = "N",
            description = "list: the most items to print. search: the page size.")
    Integer maxResults;

    /** The first page's query, with {@code --max-results} as the page size. */
    SearchQuery query() {
        return new SearchQuery(filter, orderBy, maxResults, null);
    }

    /**
     * The first page's query for walking every page: the page size is {@code --max-results} but
     * no more than {@code defaultPageSize}, so a large limit does not exceed the server's cap.
     */
    SearchQuery queryForAllPages(int defaultPageSize) {
        SearchQuery query = query();
        return maxResults == null || maxResults < 1 ? query : query.withMaxResults(Math.min(maxResults, defaultPageSize));
    }

    /** The most items to collect: {@code --max-results}, or all. */
    int limit() {
        return maxResults == null ? Integer.MAX_VALUE : maxResults;
    }
}
