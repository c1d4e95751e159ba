package io.capstan.cli.drift;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.monitoring.drift.ColumnResult;
import io.capstan.monitoring.drift.Correction;
import io.capstan.monitoring.drift.DriftExtras;
import io.capstan.monitoring.drift.DatasetDrift;
import io.capstan.monitoring.drift.DatasetDriftResult;
import io.capstan.monitoring.drift.DriftOptions;
import io.capstan.monitoring.drift.SketchDrift;
import io.capstan.monitoring.drift.SketchOptions;
import io.capstan.monitoring.drift.SkippedColumn;
import io.capstan.monitoring.drift.TableSketch;
import io.capstan.monitoring.drift.StatTest;
import io.capstan.monitoring.report.DriftReportHtml;
import io.capstan.monitoring.report.DriftReportJson;
import io.capstan.monitoring.spi.ServedTraffic;
import io.capstan.monitoring.spi.TableScanner;
import io.capstan.monitoring.spi.TabularSource;
import io.capstan.monitoring.table.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capstan drift REFERENCE CURRENT}: Evidently 0.7's data drift of CURRENT against REFERENCE (CSV or
 * Parquet files), a summary on stdout, optional JSON and HTML reports, and an exit status for CI:
 * 0 no dataset drift, 1 dataset drift, 2 usage error or unreadable input, 4 unexpected failure. Errors
 * are one line on stderr, never a stack trace.
 */
@Command(name = "drift", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Data drift of CURRENT against REFERENCE (CSV or Parquet), with Evidently 0.7's tests,"
                + " defaults and numbers.",
            "Exit status: 0 no dataset drift, 1 dataset drift, 2 usage error or unreadable input."},
        footer = {"", "Tests: ks chisquare z wasserstein psi jensenshannon kl_div hellinger anderson cramer_von_mises"
                + " mannw t_test ed es fisher_exact TVD empirical_mmd.",
            "KEY in --stattest/--threshold is 'num' or 'cat' (all numerical or categorical columns) or a column name;"
                + " without KEY the value applies to every column. A column's own setting wins over its type's,"
                + " which wins over the one for all columns."})
public final class DriftCommand implements Callable<Integer> {
    /** Exit status when the dataset drifts. */
    public static final int DATASET_DRIFT = 1;
    /** Exit status for usage errors and unreadable input. */
    public static final int BAD_INPUT = 2;
    /** Exit status for an unexpected failure. */
    public static final int FAILURE = 4;
    /** Inputs larger than this (both files together) get a progress bar. */
    static final long PROGRESS_BYTES = 20L * 1024 * 1024;
    /** Characters of a progress line written to a log rather than a terminal. */
    private static final int LOG_LINE_WIDTH = 100;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REFERENCE", description = "Reference data: a .csv or .parquet file.")
    String reference;

    @Parameters(index = "1", paramLabel = "CURRENT", arity = "0..1",
            description = "Current data: a .csv or .parquet file (or none with --inference-log).")
    String current;

    @Option(names = "--inference-log", paramLabel = "DIR", description = "Current data from a serving inference log"
            + " (capstan serve/server --inference-log DIR) instead of CURRENT: the answered requests of --deployment"
            + " (or of the model served by capstan serve, by its name) between --since and --until.")
    Path inferenceLog;

    @Option(names = "--deployment", paramLabel = "NAME", description = "With --inference-log: whose requests.")
    String deployment;

    @Option(names = "--since", paramLabel = "TIME", description = "With --inference-log: from this time on"
            + " (ISO-8601, e.g. 2026-12-01T00:00:00Z; default: the log's start).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "With --inference-log: before this time"
            + " (default: now).")
    String until;

    @Option(names = "--feature-names", split = ",", paramLabel = "NAME", description = "With --inference-log: names"
            + " of a 2-D input's columns (default: REFERENCE's column names when as many are left, else x_0, x_1, …).")
    List<String> featureNames = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON report here ('-' for stdout).")
    String json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the self-contained HTML report here.")
    Path html;

    @Option(names = "--columns", split = ",", paramLabel = "COLUMN",
            description = "Test only these columns (comma-separated or repeated); default: every column of CURRENT.")
    List<String> columns = new ArrayList<>();

    @Option(names = "--stattest", split = ",", paramLabel = "[KEY=]TEST",
            description = "Stat test instead of Evidently's default choice, e.g. psi, num=ks, cat=TVD, age=wasserstein.")
    List<String> stattests = new ArrayList<>();

    @Option(names = "--threshold", split = ",", paramLabel = "[KEY=]VALUE",
            description = "Threshold instead of the test's default, e.g. 0.2, num=0.01, age=0.3.")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--drift-share", paramLabel = "SHARE", defaultValue = "0.5",
            description = "Dataset drift when at least this share of tested columns drift (default: ${DEFAULT-VALUE}).")
    double driftShare;

    @Option(names = "--no-progress", description = "Never show a progress bar.")
    boolean noProgress;

    @Option(names = "--missing-drift", description = "Also test, per column, whether the share of missing values"
            + " changed (two-proportion z-test, Fisher's exact test for small counts). Beyond Evidently.")
    boolean missingDrift;

    @Option(names = "--missing-threshold", paramLabel = "P", description = "Significance level of the missing-value"
            + " test (default: 0.05); implies --missing-drift.")
    Double missingThreshold;

    @Option(names = "--count-missing-drift", description = "A column whose missing share drifts counts as drifted"
            + " in the dataset drift vote; implies --missing-drift.")
    boolean countMissingDrift;

    @Option(names = "--correction", paramLabel = "METHOD", description = "Multiple-testing correction over the"
            + " p-values: bonferroni, holm, bh (Benjamini-Hochberg) or by (Benjamini-Yekutieli); the dataset drift"
            + " vote then uses the corrected decisions. Beyond Evidently.")
    String correction;

    @Option(names = "--sketch", description = "Bounded-memory sketch mode for data that does not fit in memory:"
            + " rows are streamed into KLL quantile sketches (numerical columns) and exact counts up to a cap"
            + " (categorical ones). Runs ks, wasserstein, psi, jensenshannon on large numerical columns (estimates"
            + " with bounds), every count-based test on categorical ones (exact), and everything on columns of at"
            + " most 10000 values (exact). Beyond Evidently.")
    boolean sketch;

    @Option(names = "--sketch-k", paramLabel = "K", description = "KLL size in sketch mode, 8-65535 (default: 2000,"
            + " rank error 0.14%%); implies --sketch.")
    Integer sketchK;

    @Option(names = "--sketch-max-categories", paramLabel = "N", description = "Distinct values counted per"
            + " categorical column in sketch mode (default: 100000); implies --sketch.")
    Integer sketchMaxCategories;

    @Option(names = "--effect-sizes", description = "Report effect sizes: Cohen's d and mean/median/std shifts for"
            + " numerical columns, Cramer's V and the largest share change for categorical ones. Beyond Evidently.")
    boolean effectSizes;

    private final TabularSource source;
    private final TableScanner scanner;
    private final int threads;
    private final java.util.function.Function<Path, ServedTraffic> logs;

    /**
     * A command whose sketch mode reads each table whole before sketching it (for in-memory sources).
     *
     * @param source reads the two files; not null
     * @param threads columns tested at once (at least 1)
     */
    public DriftCommand(TabularSource source, int threads) {
        this(source, TableScanner.reading(source), threads);
    }

    /**
     * @param source reads the two files; not null
     * @param scanner streams them in sketch mode; not null
     * @param threads columns tested at once (at least 1)
     */
    public DriftCommand(TabularSource source, TableScanner scanner, int threads) {
        this(source, scanner, threads, dir -> {
            throw CapstanException.invalid("--inference-log is not available in this build");
        });
    }

    /**
     * @param source reads the two files; not null
     * @param scanner streams them in sketch mode; not null
     * @param threads columns tested at once (at least 1)
     * @param logs opens an inference log directory as served traffic ({@code --inference-log}); not null
     */
    public DriftCommand(TabularSource source, TableScanner scanner, int threads,
            java.util.function.Function<Path, ServedTraffic> logs) {
        this.logs = requireNonNull(logs, "logs is null");
        this.source = requireNonNull(source, "source is null");
        this.scanner = requireNonNull(scanner, "scanner is null");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            DriftOptions options = options();
            if (inferenceLog != null) {
                return fromInferenceLog(options, err, out);
            }
            if (current == null) {
                throw CapstanException.invalid("Missing CURRENT: a .csv or .parquet file, or --inference-log DIR");
            }
            if (deployment != null || since != null || until != null || !featureNames.isEmpty()) {
                throw CapstanException.invalid("--deployment, --since, --until and --feature-names go with "
                        + "--inference-log");
            }
            boolean progress = !noProgress && size(reference) + size(current) > PROGRESS_BYTES;
            DatasetDriftResult result;
            ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "capstan-drift");
                t.setDaemon(true);
                return t;
            });
            SketchOptions sketchOptions = sketchOptions();
            try (ProgressBar bar = progress ? progressBar() : null) {
                step(bar, (sketchOptions != null ? "sketching " : "reading ") + fileName(reference) + " and "
                        + fileName(current));
                if (sketchOptions != null) {
                    // each file is streamed into its sketch on its own thread; memory stays bounded
                    Future<TableSketch> refSketch = executor.submit(() -> sketch(reference, sketchOptions));
                    TableSketch curSketch = sketch(current, sketchOptions);
                    TableSketch refDone = join(refSketch);
                    if (bar != null) {
                        bar.maxHint(3);
                        bar.stepTo(2);
                        bar.setExtraMessage("testing columns");
                    }
                    result = new SketchDrift().run(refDone, curSketch, options);
                    if (bar != null) {
                        bar.stepTo(3);
                    }
                    return finish(result, err, out);
                }
                // the two files are read at once, on the same threads that later test the columns
                Future<Table> refRead = executor.submit(() -> read(reference, options));
                Table cur = read(current, options);
                Table ref = join(refRead);
                if (bar != null) {
                    int tested = options.columns().isEmpty() ? cur.columnNames().size() : options.columns().size();
                    bar.maxHint(2 + tested);
                    bar.stepTo(2);
                    bar.setExtraMessage("testing columns");
                }
                result = new DatasetDrift(executor).run(ref, cur, options,
                        bar == null ? DatasetDrift.Progress.NONE : column -> bar.step());
            } finally {
                executor.shutdownNow();
            }
            return finish(result, err, out);
        } catch (CapstanException | IllegalArgumentException e) {
            err.println("capstan drift: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("capstan drift: cannot write '" + e.getFile() + "': its directory does not exist");
            err.flush();
            return BAD_INPUT;
        } catch (java.nio.file.AccessDeniedException e) {
            err.println("capstan drift: cannot write '" + e.getFile() + "': permission denied");
            err.flush();
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("capstan drift: cannot write report: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        } catch (OutOfMemoryError e) {
            err.println("capstan drift: out of memory; give the JVM more heap, e.g. CAPSTAN_JAVA_OPTS=-Xmx8g");
            err.flush();
            return BAD_INPUT;
        } catch (RuntimeException e) {
            err.println("capstan drift: unexpected failure: " + e);
            err.flush();
            return FAILURE;
        }
    }

    /** The drift of a deployment's logged traffic against REFERENCE. */
    private int fromInferenceLog(DriftOptions options, PrintWriter err, PrintWriter out) throws IOException {
        if (current != null) {
            throw CapstanException.invalid("Give CURRENT or --inference-log, not both");
        }
        if (deployment == null || deployment.isBlank()) {
            throw CapstanException.invalid("--inference-log needs --deployment NAME");
        }
        if (sketchOptions() != null) {
            throw CapstanException.invalid("--sketch reads files; an inference log window is read whole");
        }
        if (!Files.isDirectory(inferenceLog)) {
            throw CapstanException.invalid("--inference-log %s is not a directory", inferenceLog);
        }
        java.time.Instant from = since == null ? java.time.Instant.EPOCH
                : io.capstan.monitoring.monitor.MonitorJson.instant(since, "--since");
        java.time.Instant to = until == null ? java.time.Instant.now()
                : io.capstan.monitoring.monitor.MonitorJson.instant(until, "--until");
        Table ref = read(reference, options);
        List<io.capstan.monitoring.spi.ServedRequest> requests;
        try (var stream = logs.apply(inferenceLog).read(deployment, from, to)) {
            requests = stream.toList();
        }
        if (requests.isEmpty()) {
            throw CapstanException.invalid("No answered request of '%s' in %s between %s and %s", deployment,
                    inferenceLog, from, to);
        }
        Table cur = io.capstan.monitoring.monitor.ServedTables.table(requests, featureNames, ref.columnNames());
        DriftOptions shared = options;
        if (options.columns().isEmpty()) {
            List<String> both = cur.columnNames().stream().filter(c -> ref.column(c).isPresent()).toList();
            if (both.isEmpty()) {
                throw CapstanException.invalid("The logged requests' columns (%s) share none with REFERENCE's; "
                        + "name the inputs with --feature-names", String.join(", ", cur.columnNames()));
            }
            shared = options.withColumns(both);
        }
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "capstan-drift");
            t.setDaemon(true);
            return t;
        });
        try {
            return finish(new DatasetDrift(executor).run(ref, cur, shared, DatasetDrift.Progress.NONE), err, out);
        } finally {
            executor.shutdownNow();
        }
    }

    private int finish(DatasetDriftResult result, PrintWriter err, PrintWriter out) throws IOException {
        for (SkippedColumn skipped : result.skipped()) {
            err.println("capstan drift: column '" + skipped.column() + "' not tested: " + skipped.reason()
                    + (skipped.missing() == null ? "" : String.format(Locale.ROOT,
                            "; missing share %.3g -> %.3g (%s p = %.3g)%s", skipped.missing().referenceShare(),
                            skipped.missing().currentShare(), skipped.missing().stattest(), skipped.missing().pValue(),
                            skipped.missing().decision() ? ", missing-value drift" : "")));
        }
        writeReports(result, out);
        err.flush();
        out.flush();
        return result.datasetDrift() ? DATASET_DRIFT : 0;
    }

    private TableSketch sketch(String location, SketchOptions settings) {
        TableSketch sketch = new TableSketch(settings);
        scanner.scan(location, sketch);
        return sketch;
    }

    /** The sketch settings, or null outside sketch mode. */
    SketchOptions sketchOptions() {
        if (!sketch && sketchK == null && sketchMaxCategories == null) {
            return null;
        }
        return new SketchOptions(sketchK == null ? SketchOptions.DEFAULT_K : sketchK,
                sketchMaxCategories == null ? SketchOptions.DEFAULT_MAX_CATEGORIES : sketchMaxCategories);
    }

    /**
     * Reads a file for drift: string and boolean columns as counts of their values (DuckDB counts them, no
     * row is copied), unless TVD is configured, which permutes the rows.
     */
    private Table read(String location, DriftOptions options) {
        return options.configures(StatTest.TVD) ? source.read(location) : source.readCounted(location);
    }

    private static <T> T join(Future<T> read) {
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        }
    }

    private ProgressBar progressBar() {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName("drift").setInitialMax(4)
                .setStyle(ProgressBarStyle.ASCII).continuousUpdate();
        if (stderrIsTerminal()) {
            // the console consumer asks JLine for the terminal's width (0.2 s: it probes the terminal)
            return builder.setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250).build();
        }
        // stderr is a log: a line now and then, no terminal to ask about
        return builder.setConsumer(new DelegatingProgressBarConsumer(new LogLines(System.err), LOG_LINE_WIDTH))
                .setUpdateIntervalMillis(5000).build();
    }

    /** Progress lines for a log: each line once (the bar repeats its last one when it closes). */
    private static final class LogLines implements java.util.function.Consumer<String> {
        private final PrintStream log;
        private String last;

        LogLines(PrintStream log) {
            this.log = log;
        }

        @Override
        public synchronized void accept(String line) {
            if (!line.equals(last)) {
                log.println(line);
                last = line;
            }
        }
    }

    /**
     * Whether standard error is a terminal: on Linux, where its descriptor points; elsewhere, whether
     * the JVM has a console at all.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Path.of("/proc/self/fd/2").toRealPath().toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | RuntimeException e) {
            return System.console() != null;
        }
    }

    private static void step(ProgressBar bar, String message) {
        if (bar != null) {
            bar.setExtraMessage(message);
        }
    }

    private static long size(String location) {
        try {
            return Files.size(Path.of(location));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String fileName(String location) {
        Path name = Path.of(location).getFileName();
        return name == null ? location : name.toString();
    }

    DriftOptions options() {
        StatTest all = null;
        StatTest num = null;
        StatTest cat = null;
        Map<String, StatTest> perColumn = new LinkedHashMap<>();
        for (String spec : stattests) {
            KeyValue kv = KeyValue.parse(spec, "--stattest");
            StatTest test = StatTest.fromId(kv.value());
            switch (kv.key() == null ? "" : kv.key()) {
                case "" -> all = test;
                case "num" -> num = test;
                case "cat" -> cat = test;
                default -> perColumn.put(kv.key(), test);
            }
        }
        Double allThreshold = null;
        Double numThreshold = null;
        Double catThreshold = null;
        Map<String, Double> perColumnThreshold = new LinkedHashMap<>();
        for (String spec : thresholds) {
            KeyValue kv = KeyValue.parse(spec, "--threshold");
            double value = number(kv.value(), "--threshold");
            switch (kv.key() == null ? "" : kv.key()) {
                case "" -> allThreshold = value;
                case "num" -> numThreshold = value;
                case "cat" -> catThreshold = value;
                default -> perColumnThreshold.put(kv.key(), value);
            }
        }
        if (!(driftShare >= 0 && driftShare <= 1)) {
            throw new IllegalArgumentException("--drift-share must be between 0 and 1, got " + driftShare);
        }
        List<String> selected = columns.stream().map(String::strip).filter(c -> !c.isEmpty()).toList();
        return DriftOptions.defaults().withColumns(selected).withDriftShare(driftShare)
                .withStattests(all, num, cat, perColumn)
                .withThresholds(allThreshold, numThreshold, catThreshold, perColumnThreshold)
                .withExtras(extras());
    }

    private DriftExtras extras() {
        DriftExtras extras = DriftExtras.NONE;
        if (missingDrift || missingThreshold != null || countMissingDrift) {
            double level = missingThreshold == null ? DriftExtras.DEFAULT_MISSING_THRESHOLD : missingThreshold;
            if (!(level > 0 && level <= 1)) {
                throw new IllegalArgumentException("--missing-threshold must be in (0, 1], got " + missingThreshold);
            }
            extras = extras.withMissingDrift(level, countMissingDrift);
        }
        if (correction != null) {
            extras = extras.withCorrection(Correction.fromId(correction));
        }
        return extras.withEffectSizes(effectSizes);
    }

    private static double number(String text, String option) {
        try {
            double v = Double.parseDouble(text.strip());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + text + "'");
        }
    }

    /** KEY=VALUE or VALUE. */
    record KeyValue(String key, String value) {
        static KeyValue parse(String text, String option) {
            int eq = text.lastIndexOf('=');
            if (eq < 0) {
                return new KeyValue(null, text.strip());
            }
            String key = text.substring(0, eq).strip();
            String value = text.substring(eq + 1).strip();
            if (key.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException(option + " takes [KEY=]VALUE, got '" + text + "'");
            }
            return new KeyValue(key, value);
        }
    }

    private void writeReports(DatasetDriftResult result, PrintWriter out) throws IOException {
        if (json != null) {
            if (json.equals("-")) {
                DriftReportJson.write(result, out);
            } else {
                try (Writer w = Files.newBufferedWriter(Path.of(json), StandardCharsets.UTF_8)) {
                    DriftReportJson.write(result, w);
                }
            }
        }
        if (html != null) {
            Files.writeString(html, DriftReportHtml.render(result, fileName(reference), fileName(current)),
                    StandardCharsets.UTF_8);
        }
        if (!"-".equals(json)) {
            summary(result, out);
        }
    }

    private static void summary(DatasetDriftResult result, PrintWriter out) {
        int width = "column".length();
        for (ColumnResult c : result.columns()) {
            width = Math.max(width, c.column().length());
        }
        width = Math.min(width, 40);
        DriftExtras extras = result.extras();
        boolean counted = extras.correction() != null || extras.countMissingDrift();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT,
                "%-" + width + "s  %-4s  %-16s  %12s  %9s  %-5s", "column", "type", "stattest", "drift_score",
                "threshold", "drift"));
        if (extras.correction() != null) {
            header.append(String.format(Locale.ROOT, "  %12s", "adjusted"));
        }
        if (extras.missingDrift()) {
            header.append(String.format(Locale.ROOT, "  %-23s", "missing ref>cur (p)"));
        }
        if (extras.effectSizes()) {
            header.append(String.format(Locale.ROOT, "  %-14s", "effect"));
        }
        if (result.sketch() != null) {
            header.append("  estimate");
        }
        if (counted) {
            header.append("  counted");
        }
        out.println(header.toString().stripTrailing());
        for (ColumnResult c : result.columns()) {
            String name = c.column().length() > width ? c.column().substring(0, width - 1) + "…" : c.column();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "%-" + width + "s  %-4s  %-16s  %12.6g  %9.4g  %-5s", name, c.columnType().id(),
                    c.result().stattest(), c.result().score(), c.result().threshold(),
                    c.result().drifted() ? "DRIFT" : "-"));
            if (extras.correction() != null) {
                line.append(c.corrected() == null ? String.format(Locale.ROOT, "  %12s", "-")
                        : String.format(Locale.ROOT, "  %12.6g", c.corrected().adjustedPValue()));
            }
            if (extras.missingDrift()) {
                var m = c.missing();
                line.append(String.format(Locale.ROOT, "  %-23s", String.format(Locale.ROOT, "%.3g>%.3g (%.3g)%s",
                        m.referenceShare(), m.currentShare(), m.pValue(), m.decision() ? " DRIFT" : "")));
            }
            if (extras.effectSizes()) {
                String effect = switch (c.effectSize()) {
                    case null -> "";
                    case io.capstan.monitoring.drift.EffectSize.Numerical n -> String.format(Locale.ROOT, "d=%.3g", n.cohensD());
                    case io.capstan.monitoring.drift.EffectSize.Categorical k -> String.format(Locale.ROOT, "V=%.3g", k.cramersV());
                };
                line.append(String.format(Locale.ROOT, "  %-14s", effect));
            }
            if (result.sketch() != null) {
                line.append(c.scoreBounds() == null ? "  exact   " : String.format(Locale.ROOT, "  [%.3g, %.3g]%s",
                        c.scoreBounds().lower(), c.scoreBounds().upper(),
                        c.scoreBounds().decides(StatTest.fromId(c.result().stattest()), c.result().threshold())
                                ? "" : " undecided"));
            }
            if (counted) {
                line.append(c.drifted() ? "  DRIFT" : "  -");
            }
            out.println(line.toString().stripTrailing());
        }
        out.printf(Locale.ROOT, "%s: %d of %d columns drifted (share %.4g, drift share %.4g)%n",
                result.datasetDrift() ? "Dataset drift" : "No dataset drift", result.numberOfDriftedColumns(),
                result.numberOfColumns(), result.shareOfDriftedColumns(), result.driftShare());
    }
}
