package io.capstan.tracking.search;

import static io.capstan.tracking.search.AttributeKey.number;
import static io.capstan.tracking.search.AttributeKey.numberAlias;
import static io.capstan.tracking.search.AttributeKey.text;
import static io.capstan.tracking.search.AttributeKey.textAlias;

import java.util.List;
import java.util.Optional;

/**
 * Which search endpoint a filter or order_by belongs to; each accepts different identifiers,
 * aliases and comparators, exactly as MLflow 3.x does (see {@code package-info}).
 *
 * <p>Attribute keys, as written on the left and canonical on the right ({@code a -> b}):
 * <ul>
 *   <li>{@link #RUNS}: prefixes {@code metric(s).}, {@code param(s).}/{@code parameter(s).},
 *       {@code tag(s).}, {@code attribute(s).}/{@code attr.}/{@code run.} (or none),
 *       {@code dataset(s).}{@code name|digest|context}. Filter attributes {@code run_id},
 *       {@code run_name}, {@code status}, {@code user_id}, {@code artifact_uri} (text),
 *       {@code start_time}, {@code end_time} (numbers), {@code created}/{@code Created -> start_time},
 *       {@code run name}/{@code Run name}/{@code Run Name -> run_name}. Order by: the same without the
 *       {@code run name} spellings; metrics, params and tags too.</li>
 *   <li>{@link #EXPERIMENTS}: prefixes {@code attribute.} (or none), {@code tag.}/{@code tags.}.
 *       Filter {@code name} (text), {@code creation_time}, {@code last_update_time} (numbers).
 *       Order by {@code name}, {@code experiment_id}, {@code creation_time}, {@code last_update_time}.</li>
 *   <li>{@link #REGISTERED_MODELS}: prefixes as experiments. Filter {@code name}. Order by
 *       {@code name}, {@code timestamp -> last_updated_timestamp}, {@code last_updated_timestamp},
 *       {@code creation_timestamp}.</li>
 *   <li>{@link #MODEL_VERSIONS}: prefixes as experiments. Filter {@code name}, {@code run_id},
 *       {@code source_path} (text), {@code version_number} (number). Order by {@code name},
 *       {@code version_number}, {@code creation_timestamp}, {@code last_updated_timestamp}.</li>
 *   <li>{@link #LOGGED_MODELS}: prefixes as runs, without datasets. Filter {@code name},
 *       {@code model_id}, {@code model_type}, {@code status}, {@code source_run_id},
 *       {@code experiment_id} (text), {@code creation_timestamp}/{@code creation_time -> creation_timestamp},
 *       {@code last_updated_timestamp}/{@code last_updated_time -> last_updated_timestamp} (numbers).
 *       Order by the same except {@code experiment_id}, or {@code metrics.<key>}.</li>
 * </ul>
 */
public enum SearchSchema {
    /** {@code POST /mlflow/runs/search}. */
    RUNS,
    /** {@code POST /mlflow/experiments/search}. */
    EXPERIMENTS,
    /** {@code GET /mlflow/registered-models/search}. */
    REGISTERED_MODELS,
    /** {@code GET /mlflow/model-versions/search}. */
    MODEL_VERSIONS,
    /** {@code POST /mlflow/logged-models/search}. */
    LOGGED_MODELS;

    private static final List<AttributeKey> RUN_FILTER = List.of(
            text("run_id"), text("run_name"), text("status"), text("user_id"), text("artifact_uri"),
            number("start_time"), number("end_time"),
            numberAlias("created", "start_time"), numberAlias("Created", "start_time"),
            textAlias("run name", "run_name"), textAlias("Run name", "run_name"), textAlias("Run Name", "run_name"));
    private static final List<AttributeKey> RUN_ORDER = List.of(
            text("run_id"), text("run_name"), text("status"), text("user_id"), text("artifact_uri"),
            number("start_time"), number("end_time"),
            numberAlias("created", "start_time"), numberAlias("Created", "start_time"));
    private static final List<AttributeKey> EXPERIMENT_FILTER = List.of(
            text("name"), number("creation_time"), number("last_update_time"));
    private static final List<AttributeKey> EXPERIMENT_ORDER = List.of(
            text("name"), text("experiment_id"), number("creation_time"), number("last_update_time"));
    private static final List<AttributeKey> REGISTERED_MODEL_FILTER = List.of(text("name"));
    private static final List<AttributeKey> REGISTERED_MODEL_ORDER = List.of(
            text("name"), numberAlias("timestamp", "last_updated_timestamp"),
            number("last_updated_timestamp"), number("creation_timestamp"));
    private static final List<AttributeKey> MODEL_VERSION_FILTER = List.of(
            text("name"), number("version_number"), text("run_id"), text("source_path"));
    private static final List<AttributeKey> MODEL_VERSION_ORDER = List.of(
            text("name"), number("version_number"), number("creation_timestamp"), number("last_updated_timestamp"));
    private static final List<AttributeKey> LOGGED_MODEL_FILTER = List.of(
            text("name"), text("model_id"), text("model_type"), text("status"), text("source_run_id"),
            text("experiment_id"),
            number("creation_timestamp"), numberAlias("creation_time", "creation_timestamp"),
            number("last_updated_timestamp"), numberAlias("last_updated_time", "last_updated_timestamp"));
    private static final List<AttributeKey> LOGGED_MODEL_ORDER = List.of(
            text("name"), text("model_id"), text("model_type"), text("status"), text("source_run_id"),
            number("creation_timestamp"), numberAlias("creation_time", "creation_timestamp"),
            number("last_updated_timestamp"), numberAlias("last_updated_time", "last_updated_timestamp"));

    /** The attribute names a filter of this schema accepts, aliases included, in a fixed order. */
    List<AttributeKey> filterAttributes() {
        return switch (this) {
            case RUNS -> RUN_FILTER;
            case EXPERIMENTS -> EXPERIMENT_FILTER;
            case REGISTERED_MODELS -> REGISTERED_MODEL_FILTER;
            case MODEL_VERSIONS -> MODEL_VERSION_FILTER;
            case LOGGED_MODELS -> LOGGED_MODEL_FILTER;
        };
    }

    /** The attribute names an order_by of this schema accepts, aliases included. */
    List<AttributeKey> orderAttributes() {
        return switch (this) {
            case RUNS -> RUN_ORDER;
            case EXPERIMENTS -> EXPERIMENT_ORDER;
            case REGISTERED_MODELS -> REGISTERED_MODEL_ORDER;
            case MODEL_VERSIONS -> MODEL_VERSION_ORDER;
            case LOGGED_MODELS -> LOGGED_MODEL_ORDER;
        };
    }

    /**
     * The canonical attribute keys a store of this schema must be able to filter on, in a fixed
     * order (for mapping them to columns).
     */
    public List<String> canonicalFilterKeys() {
        return canonical(filterAttributes());
    }

    /** The canonical attribute keys a store of this schema must be able to order by. */
    public List<String> canonicalOrderKeys() {
        return canonical(orderAttributes());
    }

    static Optional<AttributeKey> find(List<AttributeKey> keys, String written) {
        for (AttributeKey key : keys) {
            if (key.written().equals(written)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    static List<String> written(List<AttributeKey> keys) {
        return keys.stream().map(AttributeKey::written).toList();
    }

    private static List<String> canonical(List<AttributeKey> keys) {
        return keys.stream().map(AttributeKey::canonical).distinct().toList();
    }
}
