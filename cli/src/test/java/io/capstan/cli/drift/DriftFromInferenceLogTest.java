package io.capstan.cli.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.monitoring.spi.ServedRequest;
import io.capstan.monitoring.spi.ServedTensor;
import io.capstan.monitoring.spi.ServedTraffic;
import io.capstan.monitoring.spi.TableScanner;
import io.capstan.monitoring.table.InMemoryTables;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code capstan drift REFERENCE --inference-log DIR --deployment NAME}: the current data is logged traffic. */
class DriftFromInferenceLogTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    final InMemoryTables tables = new InMemoryTables();
    final List<String[]> asked = new ArrayList<>();

    record Run(int status, String out, String err) {
    }

    Run run(List<ServedRequest> logged, String... args) {
        ServedTraffic traffic = new ServedTraffic() {
            @Override
            public boolean recorded() {
                return true;
            }

            @Override
            public Stream<ServedRequest> read(String deployment, Instant from, Instant to) {
                asked.add(new String[] {deployment, from.toString(), to.toString()});
                return logged.stream().filter(r -> !r.timestamp().isBefore(from) && r.timestamp().isBefore(to));
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new DriftCommand(tables, TableScanner.reading(tables), 2, d -> traffic));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        return new Run(command.execute(args), out.toString(), err.toString());
    }

    List<ServedRequest> requests(int n, double shift) {
        Random random = new Random(3);
        List<ServedRequest> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = shift + random.nextGaussian();
            double b = random.nextGaussian();
            list.add(new ServedRequest("r" + i, T0.plusSeconds(i), "1",
                    List.of(new ServedTensor.Numbers("X", new long[] {1, 2}, new double[] {a, b}, false)),
                    List.of(new ServedTensor.Numbers("label", new long[] {1}, new double[] {a > 0 ? 1 : 0}, true))));
        }
        return list;
    }

    void reference() {
        Random random = new Random(1);
        double[] a = new double[300];
        double[] b = new double[300];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian();
            b[i] = random.nextGaussian();
        }
        tables.put("ref", Table.of(NumberColumn.ofDoubles("age", a), NumberColumn.ofDoubles("income", b)));
    }

    @Test
    void testsTheLoggedTrafficAgainstTheReferenceWithTheReferencesColumnNames() {
        reference();
        Run shifted = run(requests(200, 2.0), "ref", "--inference-log", dir.toString(), "--deployment", "iris",
                "--since", "2026-12-01T10:00:00Z", "--until", "2026-12-01T11:00:00Z");
        assertThat(shifted.err()).isEmpty();
        assertThat(shifted.status()).isEqualTo(DriftCommand.DATASET_DRIFT);
        assertThat(shifted.out()).contains("age").contains("income").doesNotContain("label");
        assertThat(asked.get(0)).containsExactly("iris", "2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z");
        assertThat(run(requests(200, 0.0), "ref", "--inference-log", dir.toString(), "--deployment", "iris").status())
                .isZero();
    }

    @Test
    void badCombinationsAreUsageErrors() {
        reference();
        assertThat(run(requests(10, 0), "ref", "--inference-log", dir.toString()).err())
                .contains("--inference-log needs --deployment");
        assertThat(run(requests(10, 0), "ref", "cur", "--inference-log", dir.toString(), "--deployment", "x").err())
                .contains("not both");
        assertThat(run(requests(10, 0), "ref", "--deployment", "x").err()).contains("Missing CURRENT");
        Run none = run(List.of(), "ref", "--inference-log", dir.toString(), "--deployment", "iris");
        assertThat(none.status()).isEqualTo(DriftCommand.BAD_INPUT);
        assertThat(none.err()).contains("No answered request of 'iris'");
        assertThat(run(requests(10, 0), "ref", "--inference-log", dir.toString(), "--deployment", "iris",
                "--since", "monday").err()).contains("ISO-8601");
        assertThat(run(requests(10, 0), "ref", "--inference-log", dir.toString(), "--deployment", "iris",
                "--feature-names", "a,b,c").err()).contains("'feature_names' has 3 names");
    }
}
