package io.capstan.tracking.search;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses MLflow's search filters ({@code metrics.rmse < 0.5 and params.model = 'lr'}) and
 * order_by clauses ({@code attributes.start_time DESC}) into {@link Comparison}s and
 * {@link OrderBy}s, accepting and rejecting what MLflow 3.x accepts and rejects for the given
 * {@link SearchSchema}. Attribute aliases come out canonical ({@code created -> start_time});
 * see {@link SearchSchema} for the keys of each schema.
 *
 * <p>Stateless and thread-safe. Every method either returns or throws a
 * {@link CapstanException} with {@link ErrorCode#INVALID_PARAMETER_VALUE}; no other exception
 * escapes, whatever the input.
 */
public final class SearchGrammar {

    private SearchGrammar() {
    }

    /**
     * Parses a filter string: comparisons joined by AND.
     *
     * @param schema which endpoint's identifiers and comparators apply; not null
     * @param filterOrNull the filter; null, empty or blank means no filtering
     * @return the comparisons in the order written; empty for no filtering
     * @throws CapstanException INVALID_PARAMETER_VALUE with an MLflow-like message for anything
     *     MLflow would reject (OR, parentheses, unknown identifiers or comparators, a metric
     *     compared with a string, ...)
     */
    public static List<Comparison> parseFilter(SearchSchema schema, String filterOrNull) {
        if (schema == null) {
            throw CapstanException.invalid("search schema is null");
        }
        if (filterOrNull == null || filterOrNull.isBlank()) {
            return List.of();
        }
        try {
            return parseFilterUnguarded(schema, filterOrNull);
        } catch (CapstanException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // a bug of ours must still not become a 5xx, which MLflow's client would retry
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e,
                    "Error on parsing filter '" + filterOrNull + "'");
        }
    }

    /**
     * Parses order_by clauses, each {@code <identifier> [ASC|DESC]} (ASC by default). Adds no
     * tie-breaker: stores append their own.
     *
     * @param schema which endpoint's identifiers apply; not null
     * @param orderByOrNull the clauses in priority order; null or empty means the store's default
     * @return one {@link OrderBy} per clause, in order
     * @throws CapstanException INVALID_PARAMETER_VALUE for a clause MLflow would reject, and for
     *     the same field ordered twice ("`order_by` contains duplicate fields: [...]") in the
     *     schemas where MLflow checks that (runs, registered models, model versions)
     */
    public static List<OrderBy> parseOrderBy(SearchSchema schema, List<String> orderByOrNull) {
        if (schema == null) {
            throw CapstanException.invalid("search schema is null");
        }
        if (orderByOrNull == null || orderByOrNull.isEmpty()) {
            return List.of();
        }
        try {
            return parseOrderByUnguarded(schema, orderByOrNull);
        } catch (CapstanException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, e,
                    "Error on parsing order_by clause '" + orderByOrNull + "'");
        }
    }

    /**
     * Resolves one structured order_by element of {@code logged-models/search}, which the wire
     * sends as {@code {field_name, ascending, dataset_name, dataset_digest}} rather than as text.
     * The dataset fields scope a metric and are the caller's business.
     *
     * @param fieldName {@code metrics.<key>} or an attribute ({@code name}, {@code creation_time}
     *     ...); null is rejected as MLflow does
     * @param ascending the requested direction
     * @return the order, attribute keys canonical ({@code creation_time -> creation_timestamp})
     * @throws CapstanException INVALID_PARAMETER_VALUE for a missing or unknown field name
     */
    public static OrderBy parseLoggedModelOrderBy(String fieldName, boolean ascending) {
        return SchemaRules.loggedModelOrderBy(fieldName, ascending);
    }

    /** {@link #parseFilter} without the safety net, so tests see our own bugs. */
    static List<Comparison> parseFilterUnguarded(SearchSchema schema, String filter) {
        List<Comparison> comparisons = new ArrayList<>();
        for (RawComparison raw : FilterSyntax.parseFilter(filter)) {
            comparisons.add(SchemaRules.comparison(schema, raw));
        }
        return List.copyOf(comparisons);
    }

    /** {@link #parseOrderBy} without the safety net. */
    static List<OrderBy> parseOrderByUnguarded(SearchSchema schema, List<String> orderBy) {
        List<OrderBy> parsed = new ArrayList<>(orderBy.size());
        Set<Identifier> seen = new HashSet<>();
        for (String clause : orderBy) {
            if (clause == null) {
                throw SearchErrors.invalid("Invalid order_by clause 'None'. Could not be parsed.");
            }
            FilterSyntax.OrderClause syntax = FilterSyntax.parseOrderClause(clause);
            OrderBy order = SchemaRules.orderBy(schema, syntax.identifier(), syntax.ascending());
            boolean checksDuplicates = switch (schema) {
                case RUNS, REGISTERED_MODELS, MODEL_VERSIONS -> true;
                case EXPERIMENTS, LOGGED_MODELS -> false;
            };
            if (!seen.add(order.identifier()) && checksDuplicates) {
                throw SearchErrors.invalid("`order_by` contains duplicate fields: " + quotedList(orderBy));
            }
            parsed.add(order);
        }
        return List.copyOf(parsed);
    }

    private static String quotedList(List<String> clauses) {
        List<String> printable = new ArrayList<>(clauses.size());
        for (String clause : clauses) {
            printable.add(clause == null ? "None" : clause);
        }
        return SearchErrors.list(printable);
    }
}
