package io.capstan.store.sql;

import io.capstan.core.CapstanException;
import io.capstan.tracking.search.Comparator;
import io.capstan.tracking.search.Comparison;
import io.capstan.tracking.search.Identifier;
import io.capstan.tracking.search.Literal;
import io.capstan.tracking.search.OrderBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Translates parsed search filters and order-by clauses into SQL over one entity table (runs,
 * experiments, logged models, registered models, model versions). Every value is a bind
 * parameter; identifiers come from fixed tables, never from user text.
 */
final class SearchSql {

    /** A column of the searched entity that filters and sorts may name. */
    record Column(String expression, boolean numeric) {
    }

    /**
     * Where an entity keeps its parts.
     *
     * @param alias the SQL alias of the entity table in the outer query
     * @param key the expression that joins sub-tables ({@code r.run_id})
     * @param attributes canonical attribute name → column, in a stable order
     * @param tagTable the tag table and its foreign-key column, e.g. {@code run_tags.run_id}; null if none
     * @param paramTable likewise for params; null if none
     * @param metricTable likewise for latest metric values; null if none
     */
    record Entity(String alias, String key, Map<String, Column> attributes, String tagTable, String paramTable,
                  String metricTable) {
    }

    /** SQL text with its bind values, in order. */
    record Fragment(String sql, List<Object> binds) {
    }

    private final SqlDialect dialect;
    private final Entity entity;

    SearchSql(SqlDialect dialect, Entity entity) {
        this.dialect = dialect;
        this.entity = entity;
    }

    /** {@code AND <condition>} for every comparison; empty for no filter. */
    Fragment where(List<Comparison> filter) {
        StringBuilder sql = new StringBuilder();
        List<Object> binds = new ArrayList<>();
        for (Comparison comparison : filter) {
            sql.append(" AND ");
            condition(comparison, sql, binds);
        }
        return new Fragment(sql.toString(), binds);
    }

    /**
     * LEFT JOINs needed to sort ({@link Fragment#sql()} of the first) and the ORDER BY terms
     * (second, no leading keyword, ending with a comma when non-empty).
     */
    Fragment[] orderBy(List<OrderBy> orderBy) {
        StringBuilder joins = new StringBuilder();
        List<Object> binds = new ArrayList<>();
        StringBuilder terms = new StringBuilder();
        int n = 0;
        for (OrderBy order : orderBy) {
            String direction = order.ascending() ? "ASC" : "DESC";
            Identifier id = order.identifier();
            switch (id.kind()) {
                case ATTRIBUTE -> {
                    Column column = attribute(id.key());
                    terms.append("(").append(column.expression()).append(" IS NULL), ")
                            .append(column.expression()).append(' ').append(direction).append(", ");
                }
                case METRIC -> {
                    String alias = "o" + n++;
                    joins.append(leftJoin(table(entity.metricTable(), "metric"), alias));
                    binds.add(id.key());
                    terms.append("CASE WHEN ").append(alias).append(".is_nan = 1 THEN 1 WHEN ").append(alias)
                            .append(".value IS NULL THEN 2 ELSE 0 END, ").append(alias).append(".value ")
                            .append(direction).append(", ");
                }
                case PARAM, TAG -> {
                    String alias = "o" + n++;
                    String table = id.kind() == io.capstan.tracking.search.EntityKind.PARAM
                            ? table(entity.paramTable(), "param") : table(entity.tagTable(), "tag");
                    joins.append(leftJoin(table, alias));
                    binds.add(id.key());
                    terms.append("(").append(alias).append(".value IS NULL), ").append(alias).append(".value ")
                            .append(direction).append(", ");
                }
                case DATASET -> throw CapstanException.invalid("Cannot order by dataset fields");
            }
        }
        return new Fragment[] {new Fragment(joins.toString(), binds), new Fragment(terms.toString(), List.of())};
    }

    private String leftJoin(String tableAndFk, String alias) {
        String table = tableAndFk.substring(0, tableAndFk.indexOf('.'));
        String fk = tableAndFk.substring(tableAndFk.indexOf('.') + 1);
        return " LEFT JOIN " + table + " " + alias + " ON " + alias + "." + fk + " = " + entity.key() + " AND "
                + alias + ".key = ?";
    }

    private void condition(Comparison comparison, StringBuilder sql, List<Object> binds) {
        Identifier id = comparison.identifier();
        switch (id.kind()) {
            case ATTRIBUTE -> {
                Column column = attribute(id.key());
                compare(column.expression(), column.numeric(), comparison, sql, binds);
            }
            case TAG, PARAM -> {
                String tableAndFk = id.kind() == io.capstan.tracking.search.EntityKind.TAG
                        ? table(entity.tagTable(), "tag") : table(entity.paramTable(), "param");
                sql.append(exists(tableAndFk)).append(" AND s.key = ? AND ");
                binds.add(id.key());
                compare("s.value", false, comparison, sql, binds);
                sql.append(")");
            }
            case METRIC -> {
                sql.append(exists(table(entity.metricTable(), "metric"))).append(" AND s.key = ? AND s.is_nan = 0 AND ");
                binds.add(id.key());
                compare("s.value", true, comparison, sql, binds);
                sql.append(")");
            }
            case DATASET -> {
                String column = switch (id.key()) {
                    case "name" -> "d.name";
                    case "digest" -> "d.digest";
                    case "context" -> "t.value";
                    default -> throw CapstanException.invalid("Invalid dataset attribute '%s'", id.key());
                };
                sql.append("EXISTS (SELECT 1 FROM run_dataset_inputs i JOIN datasets d ON d.dataset_id = i.dataset_id");
                if (id.key().equals("context")) {
                    sql.append(" JOIN run_dataset_input_tags t ON t.run_id = i.run_id AND t.dataset_id = i.dataset_id"
                            + " AND t.key = 'mlflow.data.context'");
                }
                sql.append(" WHERE i.run_id = ").append(entity.key()).append(" AND ");
                compare(column, false, comparison, sql, binds);
                sql.append(")");
            }
        }
    }

    private String exists(String tableAndFk) {
        String table = tableAndFk.substring(0, tableAndFk.indexOf('.'));
        String fk = tableAndFk.substring(tableAndFk.indexOf('.') + 1);
        return "EXISTS (SELECT 1 FROM " + table + " s WHERE s." + fk + " = " + entity.key();
    }

    private void compare(String column, boolean numeric, Comparison comparison, StringBuilder sql, List<Object> binds) {
        Comparator op = comparison.comparator();
        Literal literal = comparison.literal();
        switch (op) {
            case EQ, NEQ, LT, LTE, GT, GTE -> {
                sql.append(column).append(' ').append(op == Comparator.NEQ ? "<>" : op.text()).append(" ?");
                binds.add(value(literal, numeric));
            }
            case LIKE -> {
                sql.append(dialect.caseSensitiveLike(column));
                binds.add(dialect.likePattern(text(literal)));
            }
            case ILIKE -> {
                sql.append(dialect.caseInsensitiveLike(column));
                binds.add(text(literal));
            }
            case IN, NOT_IN -> {
                List<String> values = literal instanceof Literal.TextList list ? list.values() : List.of(text(literal));
                if (values.isEmpty()) {
                    sql.append(op == Comparator.IN ? "1 = 0" : "1 = 1");
                    return;
                }
                sql.append(column).append(op == Comparator.IN ? " IN (" : " NOT IN (")
                        .append(Statements.placeholders(values.size())).append(")");
                binds.addAll(values);
            }
        }
    }

    private static Object value(Literal literal, boolean numeric) {
        return switch (literal) {
            case Literal.Number number -> numeric ? (Object) number.value() : formatNumber(number.value());
            case Literal.Text text -> numeric ? parseNumber(text.value()) : text.value();
            case Literal.TextList list -> throw CapstanException.invalid("A list is only valid with IN or NOT IN");
        };
    }

    private static String text(Literal literal) {
        return switch (literal) {
            case Literal.Text text -> text.value();
            case Literal.Number number -> formatNumber(number.value());
            case Literal.TextList list -> throw CapstanException.invalid("A list is only valid with IN or NOT IN");
        };
    }

    private static Object parseNumber(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw CapstanException.invalid("Expected a numeric value but got '%s'", text);
        }
    }

    private static String formatNumber(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private Column attribute(String key) {
        Column column = entity.attributes().get(key);
        if (column == null) {
            throw CapstanException.invalid("Invalid attribute key '%s' specified.", key);
        }
        return column;
    }

    private static String table(String tableAndFk, String what) {
        if (tableAndFk == null) {
            throw CapstanException.invalid("Searching by %s is not supported here", what);
        }
        return tableAndFk;
    }
}
