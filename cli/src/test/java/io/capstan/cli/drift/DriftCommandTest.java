package io.capstan.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.monitoring.table.InMemoryTables;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DriftCommandTest {
    @TempDir
    Path dir;

    private final InMemoryTables tables = new InMemoryTables();

    record Run(int status, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new DriftCommand(tables, 2));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int status = command.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static double[] normal(long seed, int n, double mean) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = mean + random.nextGaussian();
        }
        return values;
    }

    private void twoTables(double currentMean) {
        tables.put("ref", Table.of(NumberColumn.ofDoubles("x", normal(1, 400, 0)),
                StringColumn.of("c", repeat(new String[] {"a", "b", "c"}, 400))));
        tables.put("cur", Table.of(NumberColumn.ofDoubles("x", normal(2, 300, currentMean)),
                StringColumn.of("c", repeat(new String[] {"a", "b", "c"}, 300))));
    }

    private static String[] repeat(String[] values, int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = values[i % values.length];
        }
        return out;
    }

    @Test
    void noDriftExitsZeroWithASummary() {
        twoTables(0.0);

        Run run = run("ref", "cur");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("x ", "ks", "chisquare", "No dataset drift: 0 of 2 columns drifted");
    }

    @Test
    void datasetDriftExitsOneAndWritesBothReports() throws Exception {
        twoTables(2.0);
        tables.put("cur", Table.of(NumberColumn.ofDoubles("x", normal(2, 300, 2.0)),
                StringColumn.of("c", repeat(new String[] {"a", "a", "a", "b"}, 300))));
        Path json = dir.resolve("out.json");
        Path html = dir.resolve("out.html");

        Run run = run("ref", "cur", "--json", json.toString(), "--html", html.toString());

        assertThat(run.status()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("dataset_drift").asBoolean()).isTrue();
        assertThat(report.get("drift_share").asDouble()).isEqualTo(0.5);
        assertThat(report.get("number_of_columns").asInt()).isEqualTo(2);
        assertThat(report.get("number_of_drifted_columns").asInt()).isEqualTo(2);
        JsonNode x = report.get("columns").get(0);
        assertThat(x.get("column").asText()).isEqualTo("x");
        assertThat(x.get("column_type").asText()).isEqualTo("num");
        assertThat(x.get("stattest").asText()).isEqualTo("ks");
        assertThat(x.get("threshold").asDouble()).isEqualTo(0.05);
        assertThat(x.get("drift_detected").asBoolean()).isTrue();
        assertThat(x.has("drift_score")).isTrue();
        String page = Files.readString(html);
        assertThat(page).contains("<svg", "Dataset drift detected").doesNotContain("<script", "http://", "https://");
    }

    @Test
    void jsonToStdoutReplacesTheSummary() throws Exception {
        twoTables(0.0);

        Run run = run("ref", "cur", "--json", "-");

        assertThat(new ObjectMapper().readTree(run.out()).get("columns").size()).isEqualTo(2);
    }

    @Test
    void optionsReachTheTests() throws Exception {
        twoTables(0.0);

        Run run = run("ref", "cur", "--json", "-", "--stattest", "num=psi,cat=TVD", "--threshold", "x=0.3",
                "--drift-share", "0.9", "--columns", "x");

        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("drift_share").asDouble()).isEqualTo(0.9);
        assertThat(report.get("columns").size()).isEqualTo(1);
        assertThat(report.get("columns").get(0).get("stattest").asText()).isEqualTo("psi");
        assertThat(report.get("columns").get(0).get("threshold").asDouble()).isEqualTo(0.3);
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        twoTables(0.0);

        for (String[] args : new String[][] {
            {"ref"},
            {"ref", "cur", "--stattest", "nope"},
            {"ref", "cur", "--stattest", "ks"},
            {"ref", "cur", "--threshold", "abc"},
            {"ref", "cur", "--drift-share", "2"},
            {"ref", "cur", "--columns", "missing"},
            {"ref", "missing-table"},
        }) {
            Run run = run(args);
            assertThat(run.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", args)).doesNotContain("\tat ", "Exception");
        }
        assertThat(run("ref", "cur", "--stattest", "ks").err().strip())
                .isEqualTo("capstan drift: Stat test 'ks' does not apply to column 'c', which is categorical");
    }

    @Test
    void mismatchedSchemasAreClearErrors() {
        tables.put("ref", Table.of(StringColumn.of("x", "a", "b", "abc")));
        tables.put("cur", Table.of(NumberColumn.ofDoubles("x", 1.5, 2.5, 3.5)));

        Run run = run("ref", "cur");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo(
                "capstan drift: Column 'x' holds numbers in the current data but string values in the reference (e.g. 'a')");
    }

    @Test
    void emptyAndTextColumnsAreSkippedWithAWarning() throws Exception {
        String[] ids = new String[300];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "id-" + i;
        }
        double[] nan = new double[300];
        java.util.Arrays.fill(nan, Double.NaN);
        tables.put("ref", Table.of(NumberColumn.ofDoubles("x", normal(1, 300, 0)), StringColumn.of("id", ids),
                NumberColumn.ofDoubles("gone", normal(3, 300, 0))));
        tables.put("cur", Table.of(NumberColumn.ofDoubles("x", normal(2, 300, 0)), StringColumn.of("id", ids),
                NumberColumn.ofDoubles("gone", nan)));

        Run run = run("ref", "cur", "--json", "-");

        assertThat(run.status()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("number_of_columns").asInt()).isEqualTo(1);
        assertThat(report.get("skipped_columns").findValuesAsText("column")).containsExactly("id", "gone");
        assertThat(run.err()).contains("column 'id' not tested: text column", "column 'gone' not tested: no value");
    }

    @Test
    void extrasAddFieldsOnlyWhenAskedFor() throws Exception {
        twoTables(0.5);
        JsonNode plain = new ObjectMapper().readTree(run("ref", "cur", "--json", "-").out());
        assertThat(plain.has("multiple_testing")).isFalse();
        assertThat(plain.has("missing_value_drift")).isFalse();
        assertThat(plain.has("sketch")).isFalse();
        assertThat(plain.get("columns").get(0).has("effect_size")).isFalse();
        assertThat(plain.get("columns").get(0).has("missing_drift")).isFalse();
        assertThat(plain.get("columns").get(0).has("counts_as_drifted")).isFalse();

        Run run = run("ref", "cur", "--json", "-", "--correction", "bonferroni", "--count-missing-drift",
                "--effect-sizes");
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("multiple_testing").get("method").asText()).isEqualTo("bonferroni");
        assertThat(report.get("multiple_testing").get("number_of_tests").asInt()).isEqualTo(4);
        assertThat(report.get("missing_value_drift").get("counts_toward_dataset_drift").asBoolean()).isTrue();
        JsonNode x = report.get("columns").get(0);
        assertThat(x.get("adjusted_drift_score").asDouble())
                .isEqualTo(Math.min(1.0, 4 * x.get("drift_score").asDouble()));
        assertThat(x.get("missing_drift").get("stattest").asText()).isEqualTo("fisher_exact");
        assertThat(x.get("effect_size").has("cohens_d")).isTrue();
        assertThat(report.get("columns").get(1).get("effect_size").has("cramers_v")).isTrue();
        assertThat(plain.get("columns").get(0).get("drift_score")).isEqualTo(x.get("drift_score"));
    }

    @Test
    void sketchModeRunsAndSaysSo() throws Exception {
        twoTables(0.0);

        Run run = run("ref", "cur", "--json", "-", "--sketch-k", "200");

        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(run.status()).isZero();
        assertThat(report.get("sketch").get("k").asInt()).isEqualTo(200);
        // 400 and 300 values: kept whole, so the exact numbers
        assertThat(report.get("columns").get(0).get("sketch_estimate").asBoolean()).isFalse();
        JsonNode plain = new ObjectMapper().readTree(run("ref", "cur", "--json", "-").out());
        assertThat(report.get("columns").get(0).get("drift_score")).isEqualTo(plain.get("columns").get(0).get("drift_score"));
    }

    @Test
    void badExtrasExitTwoWithOneLine() {
        twoTables(0.0);
        String[][] cases = {
            {"ref", "cur", "--correction", "sidak"},
            {"ref", "cur", "--sketch-k", "4"},
            {"ref", "cur", "--sketch-k", "70000"},
            {"ref", "cur", "--sketch-max-categories", "0"},
            {"ref", "cur", "--missing-threshold", "0"},
            {"ref", "cur", "--sketch", "--stattest", "cat=TVD"},
        };
        for (String[] args : cases) {
            Run run = run(args);
            assertThat(run.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err().strip().lines().count()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(run.err()).doesNotContain("\tat ", "Exception");
        }
        assertThat(run("ref", "cur", "--correction", "sidak").err().strip()).isEqualTo(
                "capstan drift: Unknown multiple-testing correction 'sidak' (use bonferroni, holm, bh or by)");
        assertThat(run("ref", "cur", "--sketch-k", "4").err().strip())
                .isEqualTo("capstan drift: Sketch k must be between 8 and 65535, got 4");
    }

    @Test
    void helpNamesTheExtras() {
        Run run = run("--help");
        assertThat(run.out()).contains("--missing-drift", "--count-missing-drift", "--correction", "--effect-sizes",
                "--sketch", "--sketch-k", "--sketch-max-categories");
    }
}
