package io.capstan.tracking.search;

import io.capstan.core.CapstanException;
import io.capstan.tracking.search.RawComparison.RawValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The schema-dependent half of the grammar: gives a {@link RawComparison} or an order_by
 * identifier its meaning for one {@link SearchSchema}, in MLflow's order of checks (identifier,
 * then value, then comparator) and with MLflow's messages.
 *
 * <p>MLflow splits these checks between its parser ({@code SearchUtils} and subclasses) and its
 * stores ({@code is_metric}, {@code _get_search_experiments_filter_clauses}, ...); Capstan does
 * all of them here, so every store sees only comparisons it can run.
 */
final class SchemaRules {
    private static final List<String> NUMERIC = List.of("=", "!=", "<", "<=", ">", ">=");
    private static final List<String> TEXT = List.of("=", "!=", "LIKE", "ILIKE");
    private static final List<String> TEXT_OR_LIST = List.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");
    private static final List<String> MODEL_VERSION_TEXT = List.of("=", "!=", "LIKE", "ILIKE", "IN");
    private static final List<String> DATASET_KEYS = List.of("name", "digest", "context");
    private static final List<String> RUN_ENTITY_TYPES = List.of("metric", "parameter", "tag", "attribute", "dataset");
    private static final List<String> LOGGED_MODEL_ENTITY_TYPES = List.of("metric", "parameter", "tag", "attribute");
    private static final List<String> REGISTRY_ENTITY_TYPES = List.of("attribute", "tag", "tags");
    private static final List<String> MODEL_VERSION_NUMERIC = List.of(
            "creation_timestamp", "last_updated_timestamp", "version_number");
    private static final Pattern DECIMAL = Pattern.compile("-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?");

    private SchemaRules() {
    }

    /** An identifier with its kind decided and its key unquoted (not yet canonical). */
    private record Resolved(EntityKind kind, String key, String prefix, AttributeKey attribute) {
        Resolved {
            Objects.requireNonNull(kind, "kind is null");
            Objects.requireNonNull(key, "key is null");
            if ((attribute != null) != (kind == EntityKind.ATTRIBUTE)) {
                throw new IllegalArgumentException("an attribute key comes with ATTRIBUTE identifiers only");
            }
        }

        String canonicalKey() {
            return attribute == null ? key : attribute.canonical();
        }
    }

    private enum Purpose { FILTER, ORDER }

    // ---------------------------------------------------------------- filters

    static Comparison comparison(SearchSchema schema, RawComparison raw) {
        Resolved id = identifier(schema, raw.identifier(), Purpose.FILTER);
        if (raw.value() instanceof RawValue.Absent) {
            throw SearchErrors.invalid(raw.operator() + " comparisons are not supported (in '" + raw.text()
                    + "'); compare with a value instead.");
        }
        Literal literal = value(schema, id, raw.value());
        Comparator comparator = comparator(schema, id, raw.operator());
        boolean list = literal instanceof Literal.TextList;
        boolean takesList = comparator == Comparator.IN || comparator == Comparator.NOT_IN;
        if (list != takesList) {
            throw SearchErrors.invalid("Invalid comparator '" + raw.operator() + "' for the value " + raw.value().text()
                    + ": only IN and NOT IN compare with a parenthesised list of quoted strings.");
        }
        return new Comparison(new Identifier(id.kind(), id.canonicalKey()), comparator, literal);
    }

    private static Resolved identifier(SearchSchema schema, String raw, Purpose purpose) {
        List<AttributeKey> attributes = purpose == Purpose.FILTER ? schema.filterAttributes() : schema.orderAttributes();
        return switch (schema) {
            case RUNS -> runStyle(raw, attributes, RUN_ENTITY_TYPES, true);
            case LOGGED_MODELS -> runStyle(raw, attributes, LOGGED_MODEL_ENTITY_TYPES, false);
            case EXPERIMENTS -> registryStyle(raw, attributes, false, "Invalid attribute key");
            // MLflow's registry parsers check the key before unquoting it, in filters only
            case MODEL_VERSIONS -> registryStyle(raw, attributes, purpose == Purpose.FILTER, "Invalid attribute key");
            // the SQL store's own wording for registered-model ordering
            case REGISTERED_MODELS -> registryStyle(raw, attributes, purpose == Purpose.FILTER,
                    purpose == Purpose.FILTER ? "Invalid attribute key" : "Invalid order by key");
        };
    }

    /** {@code SearchUtils._get_identifier}: many prefix aliases, backticks allowed around them. */
    private static Resolved runStyle(String raw, List<AttributeKey> attributes, List<String> entityTypes,
                                     boolean datasets) {
        int dot = raw.indexOf('.');
        String prefix = dot < 0 ? null : raw.substring(0, dot);
        String keyText = dot < 0 ? raw : raw.substring(dot + 1);
        EntityKind kind = EntityKind.ATTRIBUTE;
        if (prefix != null) {
            String type = trimBackticks(prefix);
            kind = switch (type) {
                case "metric", "metrics" -> EntityKind.METRIC;
                case "parameter", "parameters", "param", "params" -> EntityKind.PARAM;
                case "tag", "tags" -> EntityKind.TAG;
                case "attribute", "attributes", "attr", "run" -> EntityKind.ATTRIBUTE;
                case "dataset", "datasets" -> datasets ? EntityKind.DATASET : null;
                default -> null;
            };
            if (kind == null) {
                throw SearchErrors.invalid("Invalid entity type '" + type + "'. Valid values are "
                        + SearchErrors.list(entityTypes));
            }
        }
        String key = trimBackticks(stripQuotes(keyText));
        return switch (kind) {
            case ATTRIBUTE -> new Resolved(kind, key, prefix, attribute(attributes, key, "Invalid attribute key"));
            case DATASET -> {
                if (!DATASET_KEYS.contains(key)) {
                    throw SearchErrors.invalid("Invalid dataset key '" + key + "' specified. Valid keys are '"
                            + SearchErrors.sortedSet(DATASET_KEYS) + "'");
                }
                yield new Resolved(kind, key, prefix, null);
            }
            case METRIC, PARAM, TAG -> new Resolved(kind, key, prefix, null);
        };
    }

    /** {@code SearchExperimentsUtils._get_identifier} and the model registry variants. */
    private static Resolved registryStyle(String raw, List<AttributeKey> attributes, boolean checkBeforeUnquoting,
                                          String invalidKeyWording) {
        int dot = raw.indexOf('.');
        String prefix = dot < 0 ? null : raw.substring(0, dot);
        String keyText = dot < 0 ? raw : raw.substring(dot + 1);
        EntityKind kind = EntityKind.ATTRIBUTE;
        if (prefix != null) {
            kind = switch (prefix) {
                case "attribute" -> EntityKind.ATTRIBUTE;
                case "tag", "tags" -> EntityKind.TAG;
                default -> throw SearchErrors.invalid("Invalid entity type '" + prefix
                        + "'. Valid entity types are " + SearchErrors.tuple(REGISTRY_ENTITY_TYPES));
            };
        }
        if (kind == EntityKind.ATTRIBUTE && checkBeforeUnquoting) {
            attribute(attributes, keyText, invalidKeyWording);
        }
        String key = trimBackticks(stripQuotes(keyText));
        if (kind == EntityKind.ATTRIBUTE) {
            return new Resolved(kind, key, prefix, attribute(attributes, key, invalidKeyWording));
        }
        return new Resolved(kind, key, prefix, null);
    }

    private static AttributeKey attribute(List<AttributeKey> attributes, String key, String wording) {
        Optional<AttributeKey> found = SearchSchema.find(attributes, key);
        if (found.isEmpty()) {
            throw SearchErrors.invalid(wording + " '" + key + "' specified. Valid keys are '"
                    + SearchErrors.sortedSet(SearchSchema.written(attributes)) + "'");
        }
        return found.get();
    }

    private static Literal value(SearchSchema schema, Resolved id, RawValue value) {
        return switch (id.kind()) {
            case METRIC -> {
                if (value instanceof RawValue.Number number) {
                    yield number(number.text());
                }
                throw SearchErrors.invalid("Expected numeric value type for metric. Found " + value.text());
            }
            case PARAM -> quotedText(value, "parameter");
            case TAG -> quotedText(value, "tag");
            case DATASET -> {
                if (value instanceof RawValue.Parenthesised list) {
                    yield new Literal.TextList(InList.parse(list.text()));
                }
                if (value instanceof RawValue.Quoted || value instanceof RawValue.Name) {
                    yield new Literal.Text(stripQuotesOrFail(value.text()));
                }
                throw SearchErrors.invalid("Expected a quoted string value for dataset attributes. Got value "
                        + value.text());
            }
            case ATTRIBUTE -> attributeValue(schema, id, value);
        };
    }

    private static Literal quotedText(RawValue value, String kindName) {
        if (value instanceof RawValue.Quoted || value instanceof RawValue.Name) {
            return new Literal.Text(stripQuotesOrFail(value.text()));
        }
        throw SearchErrors.invalid("Expected a quoted string value for " + kindName
                + " (e.g. 'my-value'). Got value " + value.text());
    }

    private static Literal attributeValue(SearchSchema schema, Resolved id, RawValue value) {
        AttributeKey attribute = id.attribute();
        boolean text = value instanceof RawValue.Quoted || value instanceof RawValue.Name;
        return switch (schema) {
            case RUNS, EXPERIMENTS, LOGGED_MODELS -> {
                if (attribute.numeric()) {
                    if (value instanceof RawValue.Number number) {
                        yield number(number.text());
                    }
                    throw SearchErrors.invalid("Expected numeric value type for numeric attribute: " + id.key()
                            + ". Found " + value.text());
                }
                if (text) {
                    yield new Literal.Text(stripQuotesOrFail(value.text()));
                }
                if (value instanceof RawValue.Parenthesised list) {
                    yield textList(schema, attribute, list);
                }
                throw SearchErrors.invalid("Expected a quoted string value for attributes. Got value " + value.text());
            }
            case REGISTERED_MODELS -> {
                if (text) {
                    yield new Literal.Text(stripQuotesOrFail(value.text()));
                }
                if (value instanceof RawValue.Parenthesised list) {
                    yield textList(schema, attribute, list);
                }
                throw SearchErrors.invalid("Expected a quoted string value or a list of quoted string values for "
                        + "attributes. Got value " + value.text());
            }
            case MODEL_VERSIONS -> {
                if (text) {
                    String string = stripQuotesOrFail(value.text());
                    if (!attribute.numeric()) {
                        yield new Literal.Text(string);
                    }
                    // MLflow hands '3' to SQL, which compares it with the integer column as 3
                    if (DECIMAL.matcher(string).matches()) {
                        yield number(string);
                    }
                    throw SearchErrors.invalid("Expected numeric value type for numeric attribute: " + id.key()
                            + ". Found " + value.text());
                }
                if (value instanceof RawValue.Parenthesised list) {
                    yield textList(schema, attribute, list);
                }
                if (value instanceof RawValue.Number number && attribute.numeric()) {
                    yield number(number.text());
                }
                if (value instanceof RawValue.Number) {
                    throw SearchErrors.invalid("Only the '" + SearchErrors.sortedSet(MODEL_VERSION_NUMERIC)
                            + "' attributes support comparison with numeric values.");
                }
                throw SearchErrors.invalid("Expected a quoted string value or a list of quoted string values for "
                        + "attributes. Got value " + value.text());
            }
        };
    }

    private static Literal textList(SearchSchema schema, AttributeKey attribute, RawValue.Parenthesised list) {
        boolean allowed = switch (schema) {
            case RUNS, MODEL_VERSIONS -> attribute.canonical().equals("run_id");
            case LOGGED_MODELS -> !attribute.numeric();
            case EXPERIMENTS, REGISTERED_MODELS -> false;
        };
        if (!allowed) {
            throw SearchErrors.invalid(
                    "Only the 'run_id' attribute supports comparison with a list of quoted string values.");
        }
        List<String> values = InList.parse(list.text());
        if (attribute.canonical().equals("run_id")) {
            // run ids are lower-case hex; MLflow drops other values because MySQL's IN ignores case
            List<String> lower = new ArrayList<>(values.size());
            for (String value : values) {
                if (value.codePoints().noneMatch(cp -> Character.isUpperCase(cp) || Character.isTitleCase(cp))) {
                    lower.add(value);
                }
            }
            values = lower;
        }
        return new Literal.TextList(values);
    }

    private static Comparator comparator(SearchSchema schema, Resolved id, String operator) {
        AttributeKey attribute = id.attribute();
        return switch (schema) {
            case RUNS, LOGGED_MODELS -> switch (id.kind()) {
                case METRIC -> allowed(operator, NUMERIC, null);
                case PARAM, TAG -> allowed(operator, TEXT, null);
                case ATTRIBUTE -> allowed(operator, attribute.numeric() ? NUMERIC : TEXT_OR_LIST, null);
                case DATASET -> allowed(operator, TEXT_OR_LIST, null);
            };
            case EXPERIMENTS -> switch (id.kind()) {
                case ATTRIBUTE -> attribute.numeric()
                        ? allowed(operator, NUMERIC, "Invalid comparator for numeric attribute: ")
                        : allowed(operator, TEXT, "Invalid comparator for string attribute: ");
                case TAG -> allowed(operator, TEXT, "Invalid comparator for tag: ");
                case METRIC, PARAM, DATASET -> throw invalidTokenType(id);
            };
            case REGISTERED_MODELS -> switch (id.kind()) {
                case ATTRIBUTE -> allowed(operator, TEXT, "Invalid comparator for attribute: ");
                case TAG -> allowed(operator, TEXT, "Invalid comparator for tag: ");
                case METRIC, PARAM, DATASET -> throw invalidTokenType(id);
            };
            case MODEL_VERSIONS -> switch (id.kind()) {
                case ATTRIBUTE -> {
                    if (attribute.numeric()) {
                        yield allowed(operator, NUMERIC,
                                "Invalid comparator for attribute " + attribute.canonical() + ": ");
                    }
                    Comparator comparator = allowed(operator, MODEL_VERSION_TEXT, "Invalid comparator for attribute: ");
                    if (comparator == Comparator.IN && !attribute.canonical().equals("run_id")) {
                        throw SearchErrors.invalid("Invalid comparator for attribute: " + operator);
                    }
                    yield comparator;
                }
                case TAG -> allowed(operator, TEXT, "Invalid comparator for tag: ");
                case METRIC, PARAM, DATASET -> throw invalidTokenType(id);
            };
        };
    }

    /**
     * @param messagePrefix MLflow's store message, followed by the operator; null for the
     *     {@code SearchUtils} wording that lists the allowed operators
     */
    private static Comparator allowed(String operator, List<String> allowed, String messagePrefix) {
        if (!allowed.contains(operator)) {
            throw SearchErrors.invalid(messagePrefix != null ? messagePrefix + operator
                    : "Invalid comparator '" + operator + "' not one of '" + SearchErrors.orderedSet(allowed) + "'");
        }
        return switch (operator) {
            case "=" -> Comparator.EQ;
            case "!=" -> Comparator.NEQ;
            case "<" -> Comparator.LT;
            case "<=" -> Comparator.LTE;
            case ">" -> Comparator.GT;
            case ">=" -> Comparator.GTE;
            case "LIKE" -> Comparator.LIKE;
            case "ILIKE" -> Comparator.ILIKE;
            case "IN" -> Comparator.IN;
            case "NOT IN" -> Comparator.NOT_IN;
            default -> throw new IllegalStateException("allowed list holds an unknown operator: " + operator);
        };
    }

    private static CapstanException invalidTokenType(Resolved id) {
        return SearchErrors.invalid("Invalid token type: " + id.kind().name().toLowerCase(Locale.ROOT));
    }

    // ---------------------------------------------------------------- order_by

    static OrderBy orderBy(SearchSchema schema, String rawIdentifier, boolean ascending) {
        Resolved id = identifier(schema, rawIdentifier, Purpose.ORDER);
        switch (schema) {
            case RUNS -> {
                if (id.kind() == EntityKind.DATASET) {
                    throw SearchErrors.invalid("Invalid identifier type 'dataset'");
                }
            }
            case EXPERIMENTS, REGISTERED_MODELS, MODEL_VERSIONS -> {
                if (id.kind() != EntityKind.ATTRIBUTE) {
                    throw SearchErrors.invalid("Invalid order_by entity: " + id.kind().name().toLowerCase(Locale.ROOT));
                }
            }
            case LOGGED_MODELS -> {
                if (id.kind() != EntityKind.ATTRIBUTE && id.kind() != EntityKind.METRIC) {
                    throw SearchErrors.invalid("Invalid order by field name: " + id.prefix()
                            + ", only `metrics.<name>` is allowed.");
                }
            }
        }
        return new OrderBy(new Identifier(id.kind(), id.canonicalKey()), ascending);
    }

    /**
     * The structured order_by element of {@code logged-models/search}:
     * {@code SearchLoggedModelsUtils.parse_order_by_for_logged_models}.
     */
    static OrderBy loggedModelOrderBy(String fieldName, boolean ascending) {
        if (fieldName == null) {
            throw SearchErrors.invalid("`field_name` in the `order_by` clause must be specified.");
        }
        int dot = fieldName.indexOf('.');
        if (dot >= 0) {
            String entity = fieldName.substring(0, dot);
            if (!entity.equals("metrics")) {
                throw SearchErrors.invalid("Invalid order by field name: " + entity
                        + ", only `metrics.<name>` is allowed.");
            }
            return new OrderBy(new Identifier(EntityKind.METRIC, fieldName.substring(dot + 1)), ascending);
        }
        String name = fieldName.strip();
        Optional<AttributeKey> attribute = SearchSchema.find(SearchSchema.LOGGED_MODELS.orderAttributes(), name);
        if (attribute.isEmpty()) {
            throw SearchErrors.invalid("Invalid order by field name: " + name + ".");
        }
        return new OrderBy(new Identifier(EntityKind.ATTRIBUTE, attribute.get().canonical()), ascending);
    }

    // ---------------------------------------------------------------- quoting

    private static Literal number(String text) {
        return new Literal.Number(Double.parseDouble(text));
    }

    private static boolean isQuoted(String value, char quote) {
        return value.length() >= 2 && value.charAt(0) == quote && value.charAt(value.length() - 1) == quote;
    }

    /** {@code _strip_quotes}: removes one pair of single or double quotes, if present. */
    static String stripQuotes(String value) {
        return isQuoted(value, '\'') || isQuoted(value, '"') ? value.substring(1, value.length() - 1) : value;
    }

    private static String stripQuotesOrFail(String value) {
        if (isQuoted(value, '\'') || isQuoted(value, '"')) {
            return value.substring(1, value.length() - 1);
        }
        throw SearchErrors.invalid("Parameter value is either not quoted or unidentified quote types used for "
                + "string value " + value + ". Use either single or double quotes.");
    }

    static String trimBackticks(String value) {
        return isQuoted(value, '`') ? value.substring(1, value.length() - 1) : value;
    }
}
