package io.capstan.tracking.search;

import static io.capstan.tracking.search.GrammarCases.assertRejected;
import static io.capstan.tracking.search.GrammarCases.renderOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * order_by clauses per schema. A table line is {@code SCHEMA | clause [| clause...] ==> expected};
 * clauses keep their surrounding spaces, which MLflow refuses.
 */
class OrderByTest {

    static Stream<Arguments> accepted() {
        return GrammarCases.table("""
                RUNS|metrics.foo ==> metric:foo ASC
                RUNS|metrics.foo DESC ==> metric:foo DESC
                RUNS|metrics.foo desc ==> metric:foo DESC
                RUNS|metrics.foo asc ==> metric:foo ASC
                RUNS|metric.acc ==> metric:acc ASC
                RUNS|metrics.`Mean Square Error` DESC ==> metric:Mean Square Error DESC
                RUNS|metrics."quoted key" DESC ==> metric:quoted key DESC
                RUNS|attribute.start_time ==> attribute:start_time ASC
                RUNS|attributes.created DESC ==> attribute:start_time DESC
                RUNS|Created ==> attribute:start_time ASC
                RUNS|params.p|tags.t|tags.`x` ==> param:p ASC ; tag:t ASC ; tag:x ASC
                RUNS|run_id|status|end_time ==> attribute:run_id ASC ; attribute:status ASC ; attribute:end_time ASC
                RUNS|artifact_uri|user_id ASC|attribute.run_name DESC ==> attribute:artifact_uri ASC ; attribute:user_id ASC ; attribute:run_name DESC
                RUNS|params.a|metrics.a|tags.a ==> param:a ASC ; metric:a ASC ; tag:a ASC
                RUNS|metrics.foo    DESC ==> metric:foo DESC
                EXPERIMENTS|name ==> attribute:name ASC
                EXPERIMENTS|experiment_id DESC|creation_time ==> attribute:experiment_id DESC ; attribute:creation_time ASC
                EXPERIMENTS|attribute.last_update_time ASC ==> attribute:last_update_time ASC
                EXPERIMENTS|name|name DESC ==> attribute:name ASC ; attribute:name DESC
                REGISTERED_MODELS|name ==> attribute:name ASC
                REGISTERED_MODELS|timestamp DESC ==> attribute:last_updated_timestamp DESC
                REGISTERED_MODELS|last_updated_timestamp|name DESC ==> attribute:last_updated_timestamp ASC ; attribute:name DESC
                REGISTERED_MODELS|creation_timestamp ASC ==> attribute:creation_timestamp ASC
                REGISTERED_MODELS|`name` ==> attribute:name ASC
                MODEL_VERSIONS|name|version_number DESC ==> attribute:name ASC ; attribute:version_number DESC
                MODEL_VERSIONS|creation_timestamp|last_updated_timestamp DESC ==> attribute:creation_timestamp ASC ; attribute:last_updated_timestamp DESC
                LOGGED_MODELS|name|creation_time DESC ==> attribute:name ASC ; attribute:creation_timestamp DESC
                LOGGED_MODELS|metrics.acc DESC|last_updated_time ==> metric:acc DESC ; attribute:last_updated_timestamp ASC
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void accepts(String row, String expected) {
        assertThat(renderOrder(SearchGrammar.parseOrderBy(schema(row), clauses(row)))).isEqualTo(expected);
    }

    static Stream<Arguments> rejected() {
        return GrammarCases.table("""
                RUNS| ==> Invalid order_by clause ''. Could not be parsed.
                RUNS|name ==> Invalid attribute key 'name' specified. Valid keys are '{'Created', 'artifact_uri', 'created', 'end_time', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'
                RUNS|name aCs ==> Invalid ordering key in order_by clause 'name aCs'.
                RUNS|params.foo bar ==> Invalid ordering key in order_by clause 'params.foo bar'.
                RUNS|metrics.foo ASC DESC ==> Invalid order_by clause 'metrics.foo ASC DESC'. Could not be parsed.
                RUNS|metrics.A != 1 ==> Could not be parsed.
                RUNS|params.my_param  ==> Invalid order_by clause 'params.my_param '. Could not be parsed.
                RUNS|  status ==> Invalid order_by clause '  status'. Could not be parsed.
                RUNS|`metrics.A ==> Invalid order_by clause '`metrics.A'. Could not be parsed.
                RUNS|`metrics.A` ==> Invalid entity type '`metrics'.
                RUNS|m.acc ==> Invalid entity type 'm'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']
                RUNS|attributes.`Run Name` ==> Invalid attribute key 'Run Name' specified.
                RUNS|datasets.name ==> Invalid identifier type 'dataset'
                RUNS|timestamp ==> Invalid attribute key 'timestamp' specified.
                RUNS|timestamp decs ==> Invalid order_by clause 'timestamp decs'. Could not be parsed.
                RUNS|metrics.a;metrics.b ==> Could not be parsed.
                RUNS|attribute.start_time|attributes.start_time DESC ==> `order_by` contains duplicate fields: ['attribute.start_time', 'attributes.start_time DESC']
                RUNS|created|start_time ==> `order_by` contains duplicate fields: ['created', 'start_time']
                RUNS|metric.m|metrics.m ==> `order_by` contains duplicate fields
                EXPERIMENTS|tags.t ==> Invalid order_by entity: tag
                EXPERIMENTS|start_time ==> Invalid attribute key 'start_time' specified. Valid keys are '{'creation_time', 'experiment_id', 'last_update_time', 'name'}'
                EXPERIMENTS|metrics.m ==> Invalid entity type 'metrics'. Valid entity types are ('attribute', 'tag', 'tags')
                REGISTERED_MODELS|foo ==> Invalid order by key 'foo' specified. Valid keys are '{'creation_timestamp', 'last_updated_timestamp', 'name', 'timestamp'}'
                REGISTERED_MODELS|timestamp|last_updated_timestamp DESC ==> `order_by` contains duplicate fields: ['timestamp', 'last_updated_timestamp DESC']
                REGISTERED_MODELS|tags.x ==> Invalid order_by entity: tag
                MODEL_VERSIONS|timestamp ==> Invalid attribute key 'timestamp' specified. Valid keys are '{'creation_timestamp', 'last_updated_timestamp', 'name', 'version_number'}'
                MODEL_VERSIONS|name|name DESC ==> `order_by` contains duplicate fields
                MODEL_VERSIONS|run_id ==> Invalid attribute key 'run_id' specified.
                LOGGED_MODELS|params.p ==> Invalid order by field name: params, only `metrics.<name>` is allowed.
                LOGGED_MODELS|experiment_id ==> Invalid attribute key 'experiment_id' specified.
                LOGGED_MODELS|datasets.name ==> Invalid entity type 'datasets'.
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejects(String row, String fragment) {
        assertRejected(() -> SearchGrammar.parseOrderBy(schema(row), clauses(row)), fragment);
    }

    @Test
    void noOrderMeansStoreDefault() {
        assertThat(SearchGrammar.parseOrderBy(SearchSchema.RUNS, null)).isEmpty();
        assertThat(SearchGrammar.parseOrderBy(SearchSchema.RUNS, List.of())).isEmpty();
    }

    @Test
    void aMissingClauseIsRejected() {
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertRejected(() -> SearchGrammar.parseOrderBy(SearchSchema.RUNS, withNull), "Could not be parsed.");
    }

    @Test
    void loggedModelStructuredOrder() {
        assertThat(renderOrder(List.of(SearchGrammar.parseLoggedModelOrderBy("metrics.accuracy", false))))
                .isEqualTo("metric:accuracy DESC");
        assertThat(renderOrder(List.of(SearchGrammar.parseLoggedModelOrderBy("creation_time", true))))
                .isEqualTo("attribute:creation_timestamp ASC");
        assertThat(renderOrder(List.of(SearchGrammar.parseLoggedModelOrderBy(" name ", true))))
                .isEqualTo("attribute:name ASC");
        assertRejected(() -> SearchGrammar.parseLoggedModelOrderBy("params.foo", true),
                "Invalid order by field name: params, only `metrics.<name>` is allowed.");
        assertRejected(() -> SearchGrammar.parseLoggedModelOrderBy("invalid_field", true),
                "Invalid order by field name: invalid_field.");
        assertRejected(() -> SearchGrammar.parseLoggedModelOrderBy(null, true),
                "`field_name` in the `order_by` clause must be specified.");
    }

    @Test
    void canonicalKeysListEveryColumnOnce() {
        assertThat(SearchSchema.RUNS.canonicalFilterKeys())
                .containsExactly("run_id", "run_name", "status", "user_id", "artifact_uri", "start_time", "end_time");
        assertThat(SearchSchema.REGISTERED_MODELS.canonicalOrderKeys())
                .containsExactly("name", "last_updated_timestamp", "creation_timestamp");
        assertThat(SearchSchema.LOGGED_MODELS.canonicalFilterKeys()).containsExactly("name", "model_id", "model_type",
                "status", "source_run_id", "experiment_id", "creation_timestamp", "last_updated_timestamp");
    }

    private static SearchSchema schema(String row) {
        return SearchSchema.valueOf(row.substring(0, row.indexOf('|')));
    }

    private static List<String> clauses(String row) {
        return Arrays.asList(row.substring(row.indexOf('|') + 1).split("\\|", -1));
    }
}
