package io.capstan.cli.validate;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.monitoring.spi.ColumnScans;
import io.capstan.monitoring.validation.ColumnScan;
import io.capstan.monitoring.validation.ExpectationSuite;
import io.capstan.monitoring.validation.ValidationResult;
import io.capstan.monitoring.validation.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capstan validate DATA --suite suite.yaml}: checks a CSV or Parquet file against a Great
 * Expectations 1.x suite; exit 0 when every expectation passes, 1 when one fails, 2 for usage errors and
 * unreadable input (one line on stderr).
 */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Validate DATA (CSV or Parquet) against an expectation suite in Great Expectations 1.x's"
                + " format (YAML or JSON), with GX's results.",
            "Exit status: 0 all expectations pass, 1 some fail, 2 usage error or unreadable input."})
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA", description = "A .csv or .parquet file.")
    String data;

    @Option(names = "--suite", required = true, paramLabel = "FILE", description = "The suite (YAML or JSON).")
    Path suite;

    @Option(names = "--json", paramLabel = "FILE", description = "Write GX's result JSON here ('-' for stdout).")
    String json;

    private final ColumnScans scans;

    /** @param scans opens DATA for the suite's measures; not null */
    public ValidateCommand(ColumnScans scans) {
        this.scans = requireNonNull(scans, "scans is null");
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            ExpectationSuite expectations = ExpectationSuite.read(suite);
            ValidationResult result;
            try (ColumnScan scan = scans.open(data)) {
                result = Validator.validate(scan, expectations);
            }
            if (json != null) {
                if (json.equals("-")) {
                    out.print(result.toJson());
                } else {
                    Files.writeString(Path.of(json), result.toJson(), StandardCharsets.UTF_8);
                }
            }
            if (!"-".equals(json)) {
                for (ValidationResult.ExpectationResult r : result.results()) {
                    Object column = r.expectation().kwargs().get("column");
                    out.printf(Locale.ROOT, "%-4s  %s%s%s%n", r.success() ? "ok" : "FAIL", r.expectation().type(),
                            column == null ? "" : " (" + column + ")",
                            r.exception() != null ? ": " + r.exception()
                                    : r.result().containsKey("observed_value") ? ": observed " + r.result().get("observed_value")
                                    : r.result().containsKey("unexpected_count") ? ": " + r.result().get("unexpected_count")
                                            + " unexpected" : "");
                }
                long passed = result.results().stream().filter(ValidationResult.ExpectationResult::success).count();
                out.printf(Locale.ROOT, "%s: %d of %d expectations passed%n", result.success() ? "Valid" : "Invalid",
                        passed, result.results().size());
            }
            out.flush();
            return result.success() ? 0 : 1;
        } catch (CapstanException | IllegalArgumentException e) {
            err.println("capstan validate: " + e.getMessage());
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("capstan validate: cannot write '" + json + "': " + e.getMessage());
            err.flush();
            return 2;
        } catch (RuntimeException e) {
            err.println("capstan validate: unexpected failure: " + e);
            err.flush();
            return 4;
        }
    }
}
