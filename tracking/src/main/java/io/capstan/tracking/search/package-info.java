/**
 * MLflow's search grammar: filter strings and order_by clauses, parsed into a small AST
 * ({@link io.capstan.tracking.search.Comparison}, {@link io.capstan.tracking.search.OrderBy})
 * that every store evaluates; {@link io.capstan.tracking.search.SearchGrammar} is the entry point.
 *
 * <p>The reference is MLflow 3.x: {@code mlflow/utils/search_utils.py} (what parses) plus the
 * checks its stores add (which comparators each field takes). MLflow's two stores do not always
 * agree; the rule here is <em>accept what some MLflow 3.x store accepts, reject what all of them
 * reject</em>, so a request that works against MLflow works here. Consequences worth knowing:
 * <ul>
 *   <li>{@code name like '%x%'} works for experiments although MLflow's SQL store rejects a
 *       lower-case {@code like} there; keywords are case-insensitive everywhere.</li>
 *   <li>Registered models order by {@code creation_timestamp} (file store) as well as
 *       {@code timestamp}/{@code last_updated_timestamp} (SQL store).</li>
 *   <li>Logged models filter on {@code experiment_id} (SQL store) and take IN / NOT IN on text
 *       attributes (file store).</li>
 *   <li>Model versions take IN but not NOT IN, and no {@code timestamp} ordering: no MLflow
 *       store accepts those.</li>
 *   <li>Duplicate order_by fields are rejected only where MLflow rejects them (runs, registered
 *       models, model versions).</li>
 * </ul>
 *
 * <p>Values are kept as MLflow keeps them: a quoted string is the text between its quotes,
 * escapes not interpreted ({@code 'it''s'} is {@code it''s}), whereas the elements of an IN list
 * are Python literals (MLflow evaluates the list with {@code ast.literal_eval}). A run_id list
 * drops values with upper-case letters, as MLflow does; other lists keep every value.
 *
 * <p>Not supported yet: {@code IS NULL} / {@code IS NOT NULL} on tags and params, which the
 * newest MLflow accepts; they are rejected with a clear message until the AST can express them.
 */
package io.capstan.tracking.search;
