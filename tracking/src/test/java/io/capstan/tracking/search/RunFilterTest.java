package io.capstan.tracking.search;

import static io.capstan.tracking.search.GrammarCases.assertRejected;
import static io.capstan.tracking.search.GrammarCases.render;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code runs/search} filters, as MLflow 3.x's {@code SearchUtils} and SQL store accept and
 * reject them (cases re-expressed from MLflow's behaviour and its test_search_utils.py).
 */
class RunFilterTest {

    static Stream<Arguments> accepted() {
        return GrammarCases.table("""
                metrics.rmse < 1 and params.model_class = 'LR' ==> metric:rmse < 1 ; param:model_class = 'LR'
                metric.acc>=100 ==> metric:acc >= 100
                metrics.acc >= 0.94 ==> metric:acc >= 0.94
                params.m!='tf' ==> param:m != 'tf'
                params."m" != "tf" ==> param:m != 'tf'
                parameter.a = 'x' AND parameters.b = 'y' AND param.c = 'z' ==> param:a = 'x' ; param:b = 'y' ; param:c = 'z'
                metric."legit name" >= 0.243 ==> metric:legit name >= 0.243
                metrics."X-Y-Z" = 3 ==> metric:X-Y-Z = 3
                metrics."X//Y#$$@&Z" = 3 ==> metric:X//Y#$$@&Z = 3
                `metric`.a >= 0.1 ==> metric:a >= 0.1
                tags.version = 'commit-hash' ==> tag:version = 'commit-hash'
                tag.version = 'x' ==> tag:version = 'x'
                `tags`.source_name = 'a notebook' ==> tag:source_name = 'a notebook'
                metrics."accuracy.2.0" > 5 ==> metric:accuracy.2.0 > 5
                metrics.`spacey name` > 5 ==> metric:spacey name > 5
                params.'single quoted' = 'v' ==> param:single quoted = 'v'
                tags.mlflow.parentRunId = 'abc' ==> tag:mlflow.parentRunId = 'abc'
                tags.`mlflow.runName` = 'x' ==> tag:mlflow.runName = 'x'
                tags."t.a.g" = "a" ==> tag:t.a.g = 'a'
                attribute.artifact_uri = '1/23/4' ==> attribute:artifact_uri = '1/23/4'
                attributes.start_time >= 1234 ==> attribute:start_time >= 1234
                run.status = 'RUNNING' ==> attribute:status = 'RUNNING'
                attr.user_id = 'me' ==> attribute:user_id = 'me'
                status = 'FINISHED' ==> attribute:status = 'FINISHED'
                end_time = 123 ==> attribute:end_time = 123
                attributes.created > 5 ==> attribute:start_time > 5
                Created < 5 ==> attribute:start_time < 5
                attributes.`Run Name` = 'x' ==> attribute:run_name = 'x'
                attributes."run name" LIKE '%x%' ==> attribute:run_name LIKE '%x%'
                `Run name` ILIKE 'x' ==> attribute:run_name ILIKE 'x'
                attributes.run_name != 'x' ==> attribute:run_name != 'x'
                attributes.run_id IN ('abc', 'def') ==> attribute:run_id IN ['abc', 'def']
                run_id not in ('abc') ==> attribute:run_id NOT IN ['abc']
                run_id NOT  IN('abc',) ==> attribute:run_id NOT IN ['abc']
                attributes.run_id IN ('ABC', 'abc', "d\\u00e9f") ==> attribute:run_id IN ['abc', 'déf']
                run_id IN ('a' 'b') ==> attribute:run_id IN ['ab']
                attributes.run_id LIKE 'ab%' ==> attribute:run_id LIKE 'ab%'
                datasets.name = 'train' ==> dataset:name = 'train'
                dataset.digest IN ('d1', 'D2') ==> dataset:digest IN ['d1', 'D2']
                datasets.context NOT IN ("training") ==> dataset:context NOT IN ['training']
                datasets.context ilike 'TR%' ==> dataset:context ILIKE 'TR%'
                metrics.a = -5 ==> metric:a = -5
                metrics.a = .5 ==> metric:a = 0.5
                metrics.a = -.5 ==> metric:a = -0.5
                metrics.a = 100. ==> metric:a = 100
                metrics.a = 1e10 ==> metric:a = 10000000000
                metrics.a = 1E10 ==> metric:a = 10000000000
                metrics.a = -1.5e-3 ==> metric:a = -0.0015
                metrics.a > 1e999 ==> metric:a > Infinity
                params.k = 'a\\'b' ==> param:k = 'a\\'b'
                params.k = 'it''s' ==> param:k = 'it''s'
                params.m = "L'Hosp" ==> param:m = 'L'Hosp'
                params.k = '' ==> param:k = ''
                params.k = "" ==> param:k = ''
                params.k = 'with, comma AND more' ==> param:k = 'with, comma AND more'
                params.k = 'trailing space ' ==> param:k = 'trailing space '
                params.café = 'value' ==> param:café = 'value'
                tags.日本 = 'ok' ==> tag:日本 = 'ok'
                params.Ω = 'ω' ==> param:Ω = 'ω'
                tags.emoji = '🚀' ==> tag:emoji = '🚀'
                metrics."日本 語" = 3 ==> metric:日本 語 = 3
                params.in = 'x' AND tags.and = 'y' ==> param:in = 'x' ; tag:and = 'y'
                   metrics.a  >  1    ==> metric:a > 1
                metrics.a>1 AND params.b='x' ==> metric:a > 1 ; param:b = 'x'
                AND metrics.a > 1 AND ==> metric:a > 1
                metrics.a > 1 AND AND metrics.b < 2 ==> metric:a > 1 ; metric:b < 2
                params.p like 'x%' ==> param:p LIKE 'x%'
                tags.t ILike '%X' ==> tag:t ILIKE '%X'
                params.p = 'x'and params.q = 'y' ==> param:p = 'x' ; param:q = 'y'
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void accepts(String filter, String expected) {
        assertThat(render(SearchGrammar.parseFilter(SearchSchema.RUNS, filter))).isEqualTo(expected);
    }

    static Stream<Arguments> rejected() {
        return GrammarCases.table("""
                metrics.A > 0.1 OR params.B = 'LR' ==> Invalid clause(s) in filter string: 'OR'
                metrics.A > 0.1 AND (params.B = 'LR') ==> Invalid clause(s) in filter string: '(params.B = 'LR')'
                (metrics.A > 0.1 AND params.B = 'LR') ==> Parentheses are not supported
                metric.acc >= 0.94; metrics.rmse < 1 ==> Search filter contained multiple expression 'metric.acc >= 0.94; metrics.rmse < 1'. Provide AND-ed expression list.
                metrics.a > 1; ==> Invalid clause(s) in filter string: 'metrics.a > 1;'
                m.acc >= 0.94 ==> Invalid entity type 'm'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']
                trace.status = 'OK' ==> Invalid entity type 'trace'.
                Metrics.acc > 1 ==> Invalid entity type 'Metrics'.
                acc >= 0.94 ==> Invalid attribute key 'acc' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'
                attribute.lifecycle_stage = 'ACTIVE' ==> Invalid attribute key 'lifecycle_stage' specified.
                attribute.experiment_id != '1' ==> Invalid attribute key 'experiment_id' specified.
                attribute.run_uuid = 'x' ==> Invalid attribute key 'run_uuid' specified.
                dataset.profile = 'x' ==> Invalid dataset key 'profile' specified. Valid keys are '{'context', 'digest', 'name'}'
                metric.model = 'LR' ==> Expected numeric value type for metric. Found 'LR'
                metric.model = "5" ==> Expected numeric value type for metric. Found "5"
                metrics.acc != metrics.acc ==> Expected numeric value type for metric. Found metrics.acc
                metrics.foo IN ('a') ==> Expected numeric value type for metric. Found ('a')
                metrics.m = 0x1F ==> Expected numeric value type for metric. Found 0x1F
                params.acc = 5 ==> Expected a quoted string value for parameter (e.g. 'my-value'). Got value 5
                tags.acc = 5 ==> Expected a quoted string value for tag (e.g. 'my-value'). Got value 5
                params.p IN ('a') ==> Expected a quoted string value for parameter (e.g. 'my-value'). Got value ('a')
                params.acc = LR ==> Parameter value is either not quoted or unidentified quote types used for string value LR. Use either single or double quotes.
                params.acc = `LR` ==> unidentified quote types used for string value `LR`.
                attribute.status = 1 ==> Expected a quoted string value for attributes. Got value 1
                attribute.status = true ==> Invalid clause(s) in filter string: 'attribute.status = true'
                attribute.start_time LIKE '5' ==> Expected numeric value type for numeric attribute: start_time. Found '5'
                created = 'yesterday' ==> Expected numeric value type for numeric attribute: created. Found 'yesterday'
                status IN ('READY', 'FAILED') ==> Only the 'run_id' attribute supports comparison with a list of quoted string values.
                datasets.name = 5 ==> Expected a quoted string value for dataset attributes. Got value 5
                1.0 > metrics.acc ==> Invalid comparison clause. Expected 'Identifier' found '1.0'
                'x' = 'y' ==> Invalid comparison clause. Expected 'Identifier' found ''x''
                = 'x' ==> Invalid clause(s) in filter string: '= 'x''
                params.acc = 'LR ==> Invalid clause(s) in filter string
                params.acc = "LR' ==> Invalid clause(s) in filter string
                params.acc = LR' ==> Invalid clause(s) in filter string
                params.'acc = LR ==> Invalid clause(s) in filter string
                `metrics.A > 0.1 ==> Invalid clause(s) in filter string
                param`.A > 0.1 ==> Invalid clause(s) in filter string
                tags.acc = = 'LR' ==> Invalid clause(s) in filter string: 'tags.acc = = 'LR''
                attribute.status IS 'RUNNING' ==> Invalid clause(s) in filter string
                params.acc LR ==> Invalid clause(s) in filter string: 'params.acc LR'
                metric.acc != ==> Invalid clause(s) in filter string: 'metric.acc !='
                metrics.foo > 1 extra ==> Invalid clause(s) in filter string: 'metrics.foo > 1 extra'
                metrics.a > 1 metrics.b < 2 ==> Invalid clause(s) in filter string
                foo bar ==> Invalid clause(s) in filter string: 'foo bar'
                metrics.a > 1 -- a comment ==> Invalid clause(s) in filter string
                metrics.a-b > 1 ==> Invalid clause(s) in filter string
                metrics.a . b > 1 ==> Invalid clause(s) in filter string
                tags. = 'x' ==> Invalid clause(s) in filter string
                metrics.5 > 1 ==> Invalid clause(s) in filter string
                metrics.* > 1 ==> Invalid clause(s) in filter string
                metrics.a > 1.e5 ==> Invalid clause(s) in filter string
                NOT metrics.a > 1 ==> Invalid clause(s) in filter string
                attribute.run_id IN () ==> expected a non-empty list of string values, but got empty list
                attribute.run_id IN ('a', 5) ==> but got different type in list: ('a', 5)
                run_id IN (1, 2) ==> but got different type in list: (1, 2)
                run_id IN ('a' 5) ==> but got ill-formed list.
                run_id IN (a) ==> but got ill-formed list.
                run_id IN ('a',, 'b') ==> but got ill-formed list.
                run_id IN (('a')) ==> but got ill-formed list.
                run_id IN ('\\x4') ==> but got ill-formed list.
                run_id IN ('a' ==> Invalid clause(s) in filter string
                run_id IN 'a' ==> Invalid clause(s) in filter string
                run_id = ('a') ==> Invalid comparator '=' for the value ('a')
                metrics.m LIKE 'x' ==> Expected numeric value type for metric. Found 'x'
                metrics.m LIKE 5 ==> Invalid comparator 'LIKE' not one of '{'=', '!=', '<', '<=', '>', '>='}'
                params.p > 'x' ==> Invalid comparator '>' not one of '{'=', '!=', 'LIKE', 'ILIKE'}'
                tags.t IN ('x') ==> Expected a quoted string value for tag (e.g. 'my-value'). Got value ('x')
                params.p RLIKE 'x' ==> Invalid comparator 'RLIKE' not one of
                params.p NOT LIKE 'x' ==> Invalid comparator 'NOT LIKE' not one of
                params.p REGEXP 'x' ==> Invalid comparator 'REGEXP' not one of
                metrics.a == 1 ==> Invalid comparator '==' not one of
                metrics.a <> 1 ==> Invalid comparator '<>' not one of
                attributes.status > 'x' ==> Invalid comparator '>' not one of '{'=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'}'
                attributes.start_time LIKE 5 ==> Invalid comparator 'LIKE' not one of '{'=', '!=', '<', '<=', '>', '>='}'
                tags.t IS NULL ==> IS NULL comparisons are not supported
                params.p IS NOT NULL ==> IS NOT NULL comparisons are not supported
                metrics.acc IS NULL ==> IS NULL comparisons are not supported
                nosuch.key IS NULL ==> Invalid entity type 'nosuch'
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejects(String filter, String messageFragment) {
        assertRejected(() -> SearchGrammar.parseFilter(SearchSchema.RUNS, filter), messageFragment);
    }

    @Test
    void noFilterMeansNoComparisons() {
        assertThat(SearchGrammar.parseFilter(SearchSchema.RUNS, null)).isEmpty();
        assertThat(SearchGrammar.parseFilter(SearchSchema.RUNS, "")).isEmpty();
        assertThat(SearchGrammar.parseFilter(SearchSchema.RUNS, " \t\n")).isEmpty();
        assertThat(SearchGrammar.parseFilter(SearchSchema.RUNS, "AND")).isEmpty();
    }

    @Test
    void userTextWithPercentSignsIsQuotedNotFormatted() {
        assertRejected(() -> SearchGrammar.parseFilter(SearchSchema.RUNS, "`%s%n` = 'x'"),
                "Invalid attribute key '%s%n' specified.");
        assertRejected(() -> SearchGrammar.parseFilter(SearchSchema.RUNS, "%d%s"),
                "Invalid clause(s) in filter string: '%d%s'");
    }

    @Test
    void nullSchemaIsAnInvalidParameterToo() {
        assertRejected(() -> SearchGrammar.parseFilter(null, "metrics.a > 1"), "search schema is null");
        assertRejected(() -> SearchGrammar.parseOrderBy(null, java.util.List.of("name")), "search schema is null");
    }
}
