package io.capstan.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.monitoring.table.InMemoryTables;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.validation.TableScans;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
    @TempDir
    Path dir;

    private final InMemoryTables tables = new InMemoryTables();

    private int run(StringWriter out, StringWriter err, String... args) {
        CommandLine command = new CommandLine(new ValidateCommand(new TableScans(tables)));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        return command.execute(args);
    }

    @Test
    void yamlSuiteGivesGxShapedResultsAndExitStatuses() throws Exception {
        tables.put("data", Table.of(NumberColumn.ofDoubles("age", 20, 30, Double.NaN, 95),
                StringColumn.of("city", "Paris", "Lyon", "Paris", null)));
        Path suite = dir.resolve("suite.yaml");
        Files.writeString(suite, """
                name: people
                expectations:
                  - type: expect_column_values_to_be_between
                    kwargs: {column: age, min_value: 18, max_value: 90, mostly: 0.6}
                  - type: expect_column_values_to_not_be_null
                    kwargs: {column: city}
                  - type: expect_column_mean_to_be_between
                    kwargs: {column: age, min_value: 40, max_value: 50}
                """);
        StringWriter out = new StringWriter();

        int status = run(out, new StringWriter(), "data", "--suite", suite.toString(), "--json", "-");

        assertThat(status).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("success").asBoolean()).isFalse();
        assertThat(json.get("suite_name").asText()).isEqualTo("people");
        JsonNode between = json.get("results").get(0);
        assertThat(between.get("success").asBoolean()).isTrue();
        assertThat(between.get("result").get("unexpected_count").asInt()).isEqualTo(1);
        assertThat(between.get("result").get("missing_count").asInt()).isEqualTo(1);
        assertThat(between.get("result").get("unexpected_percent").asDouble()).isCloseTo(100.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(json.get("results").get(1).get("success").asBoolean()).isFalse();
        assertThat(json.get("results").get(2).get("result").get("observed_value").asDouble())
                .isCloseTo(145.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(json.get("statistics").get("successful_expectations").asInt()).isEqualTo(2);
    }

    @Test
    void aMissingColumnFailsThatExpectationWithExceptionInfo() throws Exception {
        tables.put("data", Table.of(NumberColumn.ofDoubles("a", 1, 2)));
        Path suite = dir.resolve("suite.json");
        Files.writeString(suite, "{\"expectations\": [{\"type\": \"expect_column_values_to_not_be_null\","
                + " \"kwargs\": {\"column\": \"b\"}}, {\"type\": \"expect_nothing_like_this\", \"kwargs\": {}}]}");
        StringWriter out = new StringWriter();

        assertThat(run(out, new StringWriter(), "data", "--suite", suite.toString(), "--json", "-")).isEqualTo(1);

        JsonNode results = new ObjectMapper().readTree(out.toString()).get("results");
        assertThat(results.get(0).get("exception_info").get("exception_message").asText())
                .isEqualTo("Column 'b' does not exist");
        assertThat(results.get(1).get("exception_info").get("raised_exception").asBoolean()).isTrue();
    }

    @Test
    void badSuitesAndMissingDataExitTwoInOneLine() throws Exception {
        tables.put("data", Table.of(NumberColumn.ofDoubles("a", 1, 2)));
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "expectations: 3\n");
        for (String[] args : new String[][] {
            {"data", "--suite", bad.toString()},
            {"data", "--suite", dir.resolve("none.yaml").toString()},
            {"nothing", "--suite", bad.toString()},
        }) {
            StringWriter err = new StringWriter();
            assertThat(run(new StringWriter(), err, args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString().strip()).startsWith("capstan validate: ").doesNotContain("\n");
        }
    }
}
