package io.capstan.tracking.search;

import static io.capstan.tracking.search.GrammarCases.assertRejected;
import static io.capstan.tracking.search.GrammarCases.render;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Filters of the schemas whose identifiers are {@code attribute.}, {@code tag(s).} or bare:
 * experiments ({@code SearchExperimentsUtils}), registered models ({@code SearchModelUtils}) and
 * model versions ({@code SearchModelVersionUtils}), with their stores' comparator checks; and
 * logged models, which take the runs prefixes.
 */
class RegistryAndExperimentFilterTest {

    static Stream<Arguments> experimentsAccepted() {
        return GrammarCases.table("""
                name = 'foo' ==> attribute:name = 'foo'
                name != 'foo' ==> attribute:name != 'foo'
                name LIKE '%foo%' ==> attribute:name LIKE '%foo%'
                name ilike '%FOO%' ==> attribute:name ILIKE '%FOO%'
                attribute.name = "x" ==> attribute:name = 'x'
                `name` = 'x' ==> attribute:name = 'x'
                "name" = 'x' ==> attribute:name = 'x'
                creation_time > 100 ==> attribute:creation_time > 100
                attribute.last_update_time <= 5 and name = 'a' ==> attribute:last_update_time <= 5 ; attribute:name = 'a'
                tags.version = 'commit-hash' ==> tag:version = 'commit-hash'
                tag.`mlflow.note.content` LIKE '%x%' ==> tag:mlflow.note.content LIKE '%x%'
                tags."t.a.g" = "a" ==> tag:t.a.g = 'a'
                """);
    }

    static Stream<Arguments> experimentsRejected() {
        return GrammarCases.table("""
                metrics.acc >= 0.94 ==> Invalid entity type 'metrics'. Valid entity types are ('attribute', 'tag', 'tags')
                params.m = 'x' ==> Invalid entity type 'params'. Valid entity types are ('attribute', 'tag', 'tags')
                attributes.name = 'x' ==> Invalid entity type 'attributes'.
                `tags`.source = 'x' ==> Invalid entity type '`tags`'.
                run.status = 'x' ==> Invalid entity type 'run'.
                run_id = 'a' ==> Invalid attribute key 'run_id' specified. Valid keys are '{'creation_time', 'last_update_time', 'name'}'
                experiment_id = '1' ==> Invalid attribute key 'experiment_id' specified.
                name > 'x' ==> Invalid comparator for string attribute: >
                creation_time LIKE 5 ==> Invalid comparator for numeric attribute: LIKE
                creation_time = '5' ==> Expected numeric value type for numeric attribute: creation_time. Found '5'
                tags.t < 'x' ==> Invalid comparator for tag: <
                tags.t = 5 ==> Expected a quoted string value for tag (e.g. 'my-value'). Got value 5
                name IN ('a') ==> Only the 'run_id' attribute supports comparison with a list of quoted string values.
                name = 5 ==> Expected a quoted string value for attributes. Got value 5
                name = 'a' OR name = 'b' ==> Invalid clause(s) in filter string: 'OR'
                """);
    }

    static Stream<Arguments> registeredModelsAccepted() {
        return GrammarCases.table("""
                name = 'm' ==> attribute:name = 'm'
                name LIKE '%m%' ==> attribute:name LIKE '%m%'
                name ILIKE '%M%' and tags.stage = 'prod' ==> attribute:name ILIKE '%M%' ; tag:stage = 'prod'
                attribute.name != 'm' ==> attribute:name != 'm'
                tags.`mlflow.prompt.is_prompt` = 'true' ==> tag:mlflow.prompt.is_prompt = 'true'
                tag.a = "b" ==> tag:a = 'b'
                """);
    }

    static Stream<Arguments> registeredModelsRejected() {
        return GrammarCases.table("""
                `name` = 'x' ==> Invalid attribute key '`name`' specified. Valid keys are '{'name'}'
                "name" = 'x' ==> Invalid attribute key '"name"' specified.
                version_number = 1 ==> Invalid attribute key 'version_number' specified.
                name IN ('a') ==> Only the 'run_id' attribute supports comparison with a list of quoted string values.
                name = 5 ==> Expected a quoted string value or a list of quoted string values for attributes. Got value 5
                name > 'a' ==> Invalid comparator for attribute: >
                name NOT LIKE 'a' ==> Invalid comparator for attribute: NOT LIKE
                tags.a = 5 ==> Expected a quoted string value for tag (e.g. 'my-value'). Got value 5
                tags.a >= 'x' ==> Invalid comparator for tag: >=
                params.a = 'x' ==> Invalid entity type 'params'. Valid entity types are ('attribute', 'tag', 'tags')
                """);
    }

    static Stream<Arguments> modelVersionsAccepted() {
        return GrammarCases.table("""
                name = 'm' and version_number > 2 ==> attribute:name = 'm' ; attribute:version_number > 2
                version_number = '3' ==> attribute:version_number = 3
                attribute.version_number >= 1.5 ==> attribute:version_number >= 1.5
                run_id = 'abc' ==> attribute:run_id = 'abc'
                run_id IN ('abc', 'DEF') ==> attribute:run_id IN ['abc']
                run_id LIKE 'ab%' ==> attribute:run_id LIKE 'ab%'
                source_path = '/tmp/x' ==> attribute:source_path = '/tmp/x'
                tags.t = 'v' ==> tag:t = 'v'
                """);
    }

    static Stream<Arguments> modelVersionsRejected() {
        return GrammarCases.table("""
                run_id NOT IN ('a') ==> Invalid comparator for attribute: NOT IN
                name IN ('a') ==> Only the 'run_id' attribute supports comparison with a list of quoted string values.
                version_number LIKE 5 ==> Invalid comparator for attribute version_number: LIKE
                version_number = 'abc' ==> Expected numeric value type for numeric attribute: version_number. Found 'abc'
                name = 5 ==> Only the '{'creation_timestamp', 'last_updated_timestamp', 'version_number'}' attributes support comparison with numeric values.
                creation_timestamp > 1 ==> Invalid attribute key 'creation_timestamp' specified. Valid keys are '{'name', 'run_id', 'source_path', 'version_number'}'
                tags.t LIKE 5 ==> Expected a quoted string value for tag (e.g. 'my-value'). Got value 5
                tags.t > 'x' ==> Invalid comparator for tag: >
                """);
    }

    static Stream<Arguments> loggedModelsAccepted() {
        return GrammarCases.table("""
                name = 'm' ==> attribute:name = 'm'
                model_id IN ('m-1', 'M-2') ==> attribute:model_id IN ['m-1', 'M-2']
                status NOT IN ('FAILED') ==> attribute:status NOT IN ['FAILED']
                attributes.model_type = 'agent' ==> attribute:model_type = 'agent'
                source_run_id = 'r' and experiment_id = '1' ==> attribute:source_run_id = 'r' ; attribute:experiment_id = '1'
                creation_time > 100 ==> attribute:creation_timestamp > 100
                creation_timestamp > 100 ==> attribute:creation_timestamp > 100
                last_updated_time < 5 ==> attribute:last_updated_timestamp < 5
                metrics.accuracy > 0.9 ==> metric:accuracy > 0.9
                params.lr = '0.01' ==> param:lr = '0.01'
                tags.t LIKE 'x%' ==> tag:t LIKE 'x%'
                """);
    }

    static Stream<Arguments> loggedModelsRejected() {
        return GrammarCases.table("""
                datasets.name = 'x' ==> Invalid entity type 'datasets'. Valid values are ['metric', 'parameter', 'tag', 'attribute']
                lifecycle_stage = 'x' ==> Invalid attribute key 'lifecycle_stage' specified.
                creation_timestamp = '1' ==> Expected numeric value type for numeric attribute: creation_timestamp. Found '1'
                params.lr = 0.01 ==> Expected a quoted string value for parameter (e.g. 'my-value'). Got value 0.01
                params.lr IN ('a') ==> Expected a quoted string value for parameter
                metrics.accuracy LIKE 1 ==> Invalid comparator 'LIKE' not one of
                name < 'x' ==> Invalid comparator '<' not one of
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("experimentsAccepted")
    void experimentsAccept(String filter, String expected) {
        assertThat(render(SearchGrammar.parseFilter(SearchSchema.EXPERIMENTS, filter))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("experimentsRejected")
    void experimentsReject(String filter, String fragment) {
        assertRejected(() -> SearchGrammar.parseFilter(SearchSchema.EXPERIMENTS, filter), fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredModelsAccepted")
    void registeredModelsAccept(String filter, String expected) {
        assertThat(render(SearchGrammar.parseFilter(SearchSchema.REGISTERED_MODELS, filter))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredModelsRejected")
    void registeredModelsReject(String filter, String fragment) {
        assertRejected(() -> SearchGrammar.parseFilter(SearchSchema.REGISTERED_MODELS, filter), fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelVersionsAccepted")
    void modelVersionsAccept(String filter, String expected) {
        assertThat(render(SearchGrammar.parseFilter(SearchSchema.MODEL_VERSIONS, filter))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelVersionsRejected")
    void modelVersionsReject(String filter, String fragment) {
        assertRejected(() -> SearchGrammar.parseFilter(SearchSchema.MODEL_VERSIONS, filter), fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loggedModelsAccepted")
    void loggedModelsAccept(String filter, String expected) {
        assertThat(render(SearchGrammar.parseFilter(SearchSchema.LOGGED_MODELS, filter))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loggedModelsRejected")
    void loggedModelsReject(String filter, String fragment) {
        assertRejected(() -> SearchGrammar.parseFilter(SearchSchema.LOGGED_MODELS, filter), fragment);
    }
}
