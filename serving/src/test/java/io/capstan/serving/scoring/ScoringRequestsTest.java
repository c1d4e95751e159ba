package io.capstan.serving.scoring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoringRequestsTest {
    private final ScoringRequests requests = new ScoringRequests();

    private ScoringInput json(String body) {
        return requests.parse("application/json", body.replace('\'', '"').getBytes(UTF_8));
    }

    @Test
    void readsDataframeSplitAsAFrame() {
        ScoringInput.Frame frame = (ScoringInput.Frame) json(
                "{'dataframe_split': {'columns': ['a','b'], 'data': [[1, 2.5], [3, 'x']]}}");
        assertThat(frame.columns()).containsExactly("a", "b");
        assertThat(frame.rows()).hasSize(2);
        assertThat(frame.rows().get(1).get(1).asText()).isEqualTo("x");
    }

    @Test
    void readsRecordsWithTheUnionOfTheirKeysAndNullForGaps() {
        ScoringInput.Frame frame = (ScoringInput.Frame) json(
                "{'dataframe_records': [{'a': 1}, {'b': 2, 'a': 3}]}");
        assertThat(frame.columns()).containsExactly("a", "b");
        assertThat(frame.rows().get(0).get(1).isNull()).isTrue();
        assertThat(frame.rows().get(1).get(0).asInt()).isEqualTo(3);
    }

    @Test
    void readsInstancesAndInputs() {
        assertThat(json("{'instances': [[1, 2]]}")).isInstanceOf(ScoringInput.Array.class);
        assertThat(json("{'inputs': {'x': [[1, 2]]}}")).isInstanceOf(ScoringInput.Named.class);
        ScoringInput.Named rows = (ScoringInput.Named) json("{'instances': [{'x': [1, 2]}, {'x': [3, 4]}]}");
        assertThat(rows.values().get("x").toString()).isEqualTo("[[1,2],[3,4]]");
        assertThat(json("{'inputs': [[1]], 'params': {'k': 1}, 'other': 2}")).isInstanceOf(ScoringInput.Array.class);
    }

    @Test
    void readsCsvTypingCellsAsPandasDoes() {
        ScoringInput.Frame frame = (ScoringInput.Frame) requests.parse("text/csv; charset=utf-8",
                "a,b,c\n1,2.5,x\n,\"3\",\"y,z\"\n".getBytes(UTF_8));
        assertThat(frame.columns()).containsExactly("a", "b", "c");
        assertThat(frame.rows().get(0).get(0).isIntegralNumber()).isTrue();
        assertThat(frame.rows().get(0).get(1).doubleValue()).isEqualTo(2.5);
        assertThat(frame.rows().get(1).get(0).isNull()).isTrue();
        assertThat(frame.rows().get(1).get(2).asText()).isEqualTo("y,z");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            text/plain                              | Got 'text/plain'
            NULL                                    | Got 'None'
            application/json; format=pandas-split   | Unrecognized content type parameters: format
            application/json; charset=latin-1       | only supports UTF-8
            application/vnd.apache.parquet          | Parquet request bodies are not supported
            """)
    void refusesContentTypesWith415(String contentType, String message) {
        assertThatThrownBy(() -> requests.parse(contentType, "{}".getBytes(UTF_8)))
                .isInstanceOf(UnsupportedContentTypeException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            [[1,2]]                                           | Received a list.
            {'foo': 1}                                        | Received dictionary with input fields: []
            {'instances': [1], 'inputs': [1]}                 | Received dictionary with input fields: ['instances', 'inputs']
            {not json                                         | Ensure that input is a valid JSON formatted string
            {'dataframe_split': {'columns': ['a'], 'data': [[1, 2]]}} | 1 columns passed, passed data had 2 columns
            {'dataframe_split': [1]}                          | must be an object
            {'dataframe_records': [1]}                        | each record
            {'instances': [{'a': 1}, {'b': 2}]}               | inconsistent keys
            """)
    void refusesBadJsonWithBadRequest(String body, String message) {
        assertThatThrownBy(() -> json(body))
                .isInstanceOfSatisfying(CapstanException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageContaining(message);
    }

    @Test
    void refusesEmptyAndNonUtf8Bodies() {
        assertThatThrownBy(() -> requests.parse("application/json", new byte[0]))
                .hasMessageContaining("Ensure that input is a valid JSON formatted string");
        assertThatThrownBy(() -> requests.parse("application/json", new byte[] {'"', (byte) 0xff, '"'}))
                .hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> requests.parse("text/csv", "".getBytes(UTF_8)))
                .hasMessageContaining("No columns to parse");
        assertThat(List.of(ScoringRequests.PROTOCOL_CHANGE_INFO)).isNotEmpty();
    }
}
