package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.table.BooleanColumn;
import io.capstan.monitoring.table.CountedColumn;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.OtherColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.table.TableColumn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Compares a current table with a reference table column by column, as Evidently 0.7's
 * {@code DataDriftPreset} does, and decides dataset drift by the share of drifted columns.
 *
 * <p>Column types are inferred from the current data ({@link ColumnType#infer}); numerical and
 * categorical columns are tested, text and unknown ones skipped (Evidently tests text with a domain
 * classifier, which Capstan does not reproduce). Columns run in parallel on the executor given to the
 * constructor; results keep the column order. Thread-safe.
 */
public final class DatasetDrift {
    /** Categories shown in a categorical column's plot; the rest are summed as "other". */
    static final int PLOTTED_CATEGORIES = 20;
    /** Bins in a numerical column's plot. */
    static final int PLOTTED_BINS = 20;
    /** Distinct numbers of a categorical column looked up in an array before a map. */
    private static final int SMALL_DICTIONARY = 16;

    static final String TEXT_REASON = "text column (more than half of its values are distinct);"
            + " Evidently tests text with a domain classifier, which Capstan does not reproduce";

    private final ExecutorService executor;

    /**
     * @param executor runs one task per column; not null, not shut down by this class
     */
    public DatasetDrift(ExecutorService executor) {
        this.executor = requireNonNull(executor, "executor is null");
    }

    /** Receives progress, one call per finished column, from any thread. */
    @FunctionalInterface
    public interface Progress {
        /** Called when a column is done (tested or skipped). */
        void columnDone(String column);

        /** Ignores progress. */
        Progress NONE = column -> { };
    }

    /**
     * Runs the drift tests.
     *
     * @param reference the reference data; not null
     * @param current the current data, whose columns (or {@code options.columns()}) are tested; not null
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE} when a column to test is missing from
     *     either table, when its two sides are of incompatible kinds (numbers against strings), when a
     *     chosen test does not apply to a column's type or refuses its data, or when no column can be tested
     */
    public DatasetDriftResult run(Table reference, Table current, DriftOptions options, Progress progress) {
        requireNonNull(reference, "reference is null");
        requireNonNull(current, "current is null");
        requireNonNull(options, "options is null");
        requireNonNull(progress, "progress is null");
        List<String> names = options.columns().isEmpty() ? current.columnNames() : options.columns();
        for (String name : names) {
            if (current.column(name).isEmpty()) {
                throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                        "Column '%s' is not in the current data (its columns: %s)", name, abbreviate(current));
            }
            if (reference.column(name).isEmpty()) {
                throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                        "Column '%s' is in the current data but not in the reference (its columns: %s)", name,
                        abbreviate(reference));
            }
        }
        List<Future<Object>> futures = new ArrayList<>();
        for (String name : names) {
            TableColumn ref = reference.column(name).orElseThrow();
            TableColumn cur = current.column(name).orElseThrow();
            futures.add(executor.submit(() -> {
                try {
                    return testColumn(ref, cur, options);
                } finally {
                    progress.columnDone(name);
                }
            }));
        }
        List<ColumnResult> results = new ArrayList<>();
        List<SkippedColumn> skipped = new ArrayList<>();
        CapstanException firstFailure = null;
        for (Future<Object> future : futures) {
            try {
                Object outcome = future.get();
                if (outcome instanceof ColumnResult result) {
                    results.add(result);
                } else {
                    skipped.add((SkippedColumn) outcome);
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof CapstanException capstan) {
                    firstFailure = firstFailure == null ? capstan : firstFailure;
                } else if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                } else {
                    throw new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CapstanException(ErrorCode.INTERNAL_ERROR, e, "Interrupted while testing drift");
            }
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
        if (results.isEmpty()) {
            StringBuilder why = new StringBuilder();
            for (SkippedColumn s : skipped) {
                why.append(why.isEmpty() ? "" : "; ").append(s.column()).append(": ").append(s.reason());
            }
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "No column can be drift-tested (%s)", why.isEmpty() ? "no columns" : why.toString());
        }
        return finish(options, results, skipped, reference.rowCount(), current.rowCount(), null);
    }

    static MissingValueDrift missingDrift(long referenceMissing, long referenceRows, long currentMissing,
            long currentRows, DriftOptions options) {
        DriftExtras extras = options.extras();
        if (!extras.missingDrift() || referenceRows == 0 || currentRows == 0) {
            return null;
        }
        return MissingValueDrift.test(referenceMissing, referenceRows, currentMissing, currentRows,
                extras.missingThreshold(), extras.countMissingDrift());
    }

    /**
     * Applies the run's multiple-testing correction, if any, and builds the result. The family is every
     * p-value the run decides on: each value test whose score is a p-value, and each missing-value test.
     */
    static DatasetDriftResult finish(DriftOptions options, List<ColumnResult> results, List<SkippedColumn> skipped,
            int referenceRows, int currentRows, SketchOptions sketch) {
        Correction correction = options.extras().correction();
        List<ColumnResult> corrected = results;
        if (correction != null) {
            List<Double> family = new ArrayList<>();
            for (ColumnResult c : results) {
                if (inFamily(c.result())) {
                    family.add(c.result().score());
                }
                if (c.missing() != null) {
                    family.add(c.missing().pValue());
                }
            }
            for (SkippedColumn k : skipped) {
                if (k.missing() != null) {
                    family.add(k.missing().pValue());
                }
            }
            double[] adjusted = correction.adjust(family.stream().mapToDouble(Double::doubleValue).toArray());
            corrected = new ArrayList<>(results.size());
            int next = 0;
            for (ColumnResult c : results) {
                StatTest test = StatTest.fromId(c.result().stattest());
                CorrectedDecision value = null;
                if (inFamily(c.result())) {
                    double p = adjusted[next++];
                    value = new CorrectedDecision(p, test.drifted(p, c.result().threshold()));
                }
                MissingValueDrift missing = c.missing();
                if (missing != null) {
                    double p = adjusted[next++];
                    missing = missing.withCorrected(new CorrectedDecision(p, p < missing.threshold()));
                }
                corrected.add(c.withCorrections(value, missing));
            }
            List<SkippedColumn> correctedSkipped = new ArrayList<>(skipped.size());
            for (SkippedColumn k : skipped) {
                MissingValueDrift missing = k.missing();
                if (missing != null) {
                    double p = adjusted[next++];
                    missing = missing.withCorrected(new CorrectedDecision(p, p < missing.threshold()));
                }
                correctedSkipped.add(k.withMissing(missing));
            }
            skipped = correctedSkipped;
        }
        return new DatasetDriftResult(options.driftShare(), corrected, skipped, referenceRows, currentRows,
                options.extras(), sketch);
    }

    /** Whether a result's score is a p-value the correction adjusts: an undefined (NaN) one is left out. */
    private static boolean inFamily(DriftResult result) {
        return StatTest.fromId(result.stattest()).isPValue() && !Double.isNaN(result.score());
    }

    static String abbreviate(Table table) {
        return abbreviate(table.columnNames());
    }

    static String abbreviate(List<String> names) {
        if (names.size() <= 10) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 10)) + ", … (" + names.size() + " in all)";
    }

    private static Object testColumn(TableColumn reference, TableColumn current, DriftOptions options) {
        String name = current.name();
        // a string column is encoded once: its distinct values type it, and it is what gets tested
        CategoricalColumn currentStrings = current instanceof StringColumn strings
                ? CategoricalColumn.of(strings.valuesView()) : null;
        ColumnType type = currentStrings != null
                ? ColumnType.ofStrings(currentStrings.dictionary().length, currentStrings.size())
                : ColumnType.infer(current);
        switch (type) {
            case TEXT:
                return new SkippedColumn(name, type, TEXT_REASON);
            case UNKNOWN:
                return new SkippedColumn(name, type, "column of type " + current.typeName()
                        + (kind(current) == Kind.BOOLEAN ? " with missing values" : "")
                        + ", which Evidently does not drift-test");
            case NUMERICAL:
                return numerical(name, reference, current, options);
            case CATEGORICAL:
                return categorical(name, reference, current, currentStrings, options);
        }
        throw new IllegalStateException("unreachable");
    }

    private static Object numerical(String name, TableColumn reference, TableColumn current, DriftOptions options) {
        if (!(reference instanceof NumberColumn refNumbers)) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Column '%s' holds numbers in the current data but %s values in the reference%s", name,
                    reference.typeName(), example(reference));
        }
        NumberColumn curNumbers = (NumberColumn) current;
        // table columns are immutable, so the drift columns may share their arrays
        NumericColumn ref = NumericColumn.sharing(refNumbers.valuesView(), refNumbers.isInteger());
        NumericColumn cur = NumericColumn.sharing(curNumbers.valuesView(), curNumbers.isInteger());
        SkippedColumn empty = emptySide(name, ColumnType.NUMERICAL, ref.size(), cur.size());
        if (empty != null) {
            return empty.withMissing(missingDrift(reference.size() - ref.size(), reference.size(),
                    current.size() - cur.size(), current.size(), options));
        }
        StatTest chosen = chosenTest(name, ColumnType.NUMERICAL, options);
        StatTest test = chosen != null ? chosen : ColumnDrift.defaultStatTest(ref, cur);
        Double threshold = options.thresholdFor(name, ColumnType.NUMERICAL);
        DriftResult result = inColumn(name, () -> ColumnDrift.test(test, ref, cur,
                threshold != null ? threshold : test.defaultThreshold()));
        EffectSize effect = options.extras().effectSizes() ? EffectSize.numerical(ref, cur) : null;
        return new ColumnResult(name, ColumnType.NUMERICAL, result, ref.size(), cur.size(),
                reference.size() - ref.size(), current.size() - cur.size(), numericDistribution(ref, cur), null,
                missingDrift(reference.size() - ref.size(), reference.size(), current.size() - cur.size(),
                        current.size(), options), effect, null);
    }

    private static Object categorical(String name, TableColumn reference, TableColumn current,
            CategoricalColumn currentEncoded, DriftOptions options) {
        if (kind(reference) != kind(current)) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Column '%s' holds %s values in the current data but %s values in the reference%s", name,
                    current.typeName(), reference.typeName(), example(reference));
        }
        CategoricalColumn ref = categories(reference);
        CategoricalColumn cur = currentEncoded != null ? currentEncoded : categories(current);
        SkippedColumn empty = emptySide(name, ColumnType.CATEGORICAL, ref.size(), cur.size());
        if (empty != null) {
            return empty.withMissing(missingDrift(reference.size() - ref.size(), reference.size(),
                    current.size() - cur.size(), current.size(), options));
        }
        StatTest chosen = chosenTest(name, ColumnType.CATEGORICAL, options);
        StatTest test = chosen != null ? chosen : ColumnDrift.defaultStatTest(ref, cur);
        if (test == StatTest.TVD && !(ref.hasRows() && cur.hasRows())) {
            throw new IllegalArgumentException("Column '" + name + "': TVD permutes the rows, and they were read as"
                    + " counts (TabularSource.readCounted); read the tables with TabularSource.read for TVD");
        }
        Double threshold = options.thresholdFor(name, ColumnType.CATEGORICAL);
        DriftResult result = inColumn(name, () -> ColumnDrift.test(test, ref, cur,
                threshold != null ? threshold : test.defaultThreshold()));
        EffectSize effect = null;
        if (options.extras().effectSizes()) {
            ValueCounts counts = ValueCounts.of(ref, cur);
            effect = EffectSize.categorical(ValueCounts.unionLabels(ref, cur), counts.reference(), counts.current());
        }
        return new ColumnResult(name, ColumnType.CATEGORICAL, result, ref.size(), cur.size(),
                reference.size() - ref.size(), current.size() - cur.size(), categoricalDistribution(ref, cur), null,
                missingDrift(reference.size() - ref.size(), reference.size(), current.size() - cur.size(),
                        current.size(), options), effect, null);
    }

    static SkippedColumn emptySide(String name, ColumnType type, int referenceSize, int currentSize) {
        if (referenceSize > 0 && currentSize > 0) {
            return null;
        }
        String side = referenceSize == 0 && currentSize == 0 ? "both the reference and the current data"
                : referenceSize == 0 ? "the reference" : "the current data";
        return new SkippedColumn(name, type, "no value in " + side + " once missing values are dropped"
                + " (Evidently stops with an error here)");
    }

    static StatTest chosenTest(String name, ColumnType type, DriftOptions options) {
        StatTest chosen = options.stattestFor(name, type);
        if (chosen != null && !chosen.appliesTo(type)) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Stat test '%s' does not apply to column '%s', which is %s", chosen.id(), name,
                    type == ColumnType.NUMERICAL ? "numerical" : "categorical");
        }
        return chosen;
    }

    interface ColumnTest {
        DriftResult run();
    }

    static DriftResult inColumn(String name, ColumnTest test) {
        try {
            return test.run();
        } catch (CapstanException e) {
            throw new CapstanException(e.code(), "Column '%s': %s", name, e.getMessage());
        }
    }

    private enum Kind { NUMBER, STRING, BOOLEAN, OTHER }

    private static Kind kind(TableColumn column) {
        return switch (column) {
            case NumberColumn n -> Kind.NUMBER;
            case StringColumn s -> Kind.STRING;
            case BooleanColumn b -> Kind.BOOLEAN;
            case CountedColumn c -> c.valueType() == CountedColumn.ValueType.STRING ? Kind.STRING : Kind.BOOLEAN;
            case OtherColumn o -> Kind.OTHER;
        };
    }

    private static String example(TableColumn column) {
        if (column instanceof CountedColumn counted && counted.valueType() == CountedColumn.ValueType.STRING
                && counted.distinctCount() > 0) {
            String v = (String) counted.value(0);
            return " (e.g. '" + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "')";
        }
        if (column instanceof StringColumn strings) {
            for (String v : strings.valuesView()) {
                if (v != null) {
                    String shown = v.length() > 40 ? v.substring(0, 40) + "…" : v;
                    return " (e.g. '" + shown + "')";
                }
            }
        }
        return "";
    }

    /**
     * The column's present values as categories, compared as pandas compares them: numbers by value (so
     * 1 and 1.0 are one category, labelled "1"), booleans as "True"/"False", strings as they are.
     */
    private static CategoricalColumn categories(TableColumn column) {
        return switch (column) {
            case NumberColumn numbers -> {
                double[] values = numbers.valuesView();
                // categorical numbers have few distinct values: look the first ones up in an array, by
                // value (so -0.0 is 0.0), and only beyond that in a (boxing) map
                double[] small = new double[SMALL_DICTIONARY];
                Map<Double, Integer> index = new HashMap<>();
                List<String> words = new ArrayList<>();
                int[] codes = new int[values.length];
                int kept = 0;
                double lastValue = Double.NaN;
                int lastCode = -1;
                for (double v : values) {
                    if (Double.isNaN(v)) {
                        continue;
                    }
                    if (v != lastValue) {
                        int code = -1;
                        int inArray = Math.min(words.size(), SMALL_DICTIONARY);
                        for (int i = 0; i < inArray; i++) {
                            if (small[i] == v) {
                                code = i;
                                break;
                            }
                        }
                        if (code < 0 && words.size() > SMALL_DICTIONARY) {
                            code = index.getOrDefault(v + 0.0, -1);
                        }
                        if (code < 0) {
                            code = words.size();
                            if (code < SMALL_DICTIONARY) {
                                small[code] = v + 0.0;
                            } else {
                                index.put(v + 0.0, code);
                            }
                            words.add(numberLabel(v));
                        }
                        lastValue = v;
                        lastCode = code;
                    }
                    codes[kept++] = lastCode;
                }
                yield CategoricalColumn.encoded(words.toArray(String[]::new),
                        kept == codes.length ? codes : java.util.Arrays.copyOf(codes, kept));
            }
            case StringColumn strings -> CategoricalColumn.of(strings.valuesView());
            case BooleanColumn booleans -> {
                Boolean[] values = booleans.valuesView();
                List<String> words = new ArrayList<>(2);
                int[] codes = new int[values.length];
                int kept = 0;
                int trueCode = -1;
                int falseCode = -1;
                for (Boolean b : values) {
                    if (b == null) {
                        continue;
                    }
                    if (b) {
                        if (trueCode < 0) {
                            trueCode = words.size();
                            words.add("True");
                        }
                        codes[kept++] = trueCode;
                    } else {
                        if (falseCode < 0) {
                            falseCode = words.size();
                            words.add("False");
                        }
                        codes[kept++] = falseCode;
                    }
                }
                yield CategoricalColumn.encoded(words.toArray(String[]::new),
                        kept == codes.length ? codes : java.util.Arrays.copyOf(codes, kept));
            }
            case CountedColumn counted -> {
                String[] words = new String[counted.distinctCount()];
                long[] counts = new long[words.length];
                for (int i = 0; i < words.length; i++) {
                    Object v = counted.value(i);
                    words[i] = v instanceof Boolean b ? (b ? "True" : "False") : (String) v;
                    counts[i] = counted.count(i);
                }
                yield CategoricalColumn.counted(words, counts);
            }
            case OtherColumn other -> throw new IllegalStateException("not categorical: " + other.name());
        };
    }

    static String numberLabel(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    static Distribution numericDistribution(NumericColumn reference, NumericColumn current) {
        double[] r = reference.sortedValues();
        double[] c = current.sortedValues();
        double min = Math.min(r[0], c[0]);
        double max = Math.max(r[r.length - 1], c[c.length - 1]);
        int bins = min == max ? 1 : PLOTTED_BINS;
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = i == bins ? (min == max ? max + 0.5 : max) : (min == max ? min - 0.5 : min + (max - min) * i / bins);
        }
        long[] rc = SturgesBins.counts(r, edges);
        long[] cc = SturgesBins.counts(c, edges);
        List<String> labels = new ArrayList<>();
        List<Double> lower = new ArrayList<>();
        List<Double> rs = new ArrayList<>();
        List<Double> cs = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            labels.add(String.format("%.4g – %.4g", edges[i], edges[i + 1]));
            lower.add(edges[i]);
            rs.add((double) rc[i] / r.length);
            cs.add((double) cc[i] / c.length);
        }
        return new Distribution(labels, lower, edges[bins], rs, cs);
    }

    private static Distribution categoricalDistribution(CategoricalColumn reference, CategoricalColumn current) {
        Map<String, long[]> counts = new HashMap<>();
        long[] referenceCounts = reference.counts();
        String[] referenceWords = reference.dictionary();
        for (int i = 0; i < referenceWords.length; i++) {
            counts.computeIfAbsent(referenceWords[i], k -> new long[2])[0] += referenceCounts[i];
        }
        long[] currentCounts = current.counts();
        String[] currentWords = current.dictionary();
        for (int i = 0; i < currentWords.length; i++) {
            counts.computeIfAbsent(currentWords[i], k -> new long[2])[1] += currentCounts[i];
        }
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -(e.getValue()[0] + e.getValue()[1]))
                .thenComparing(Map.Entry::getKey));
        List<String> labels = new ArrayList<>();
        List<Double> rs = new ArrayList<>();
        List<Double> cs = new ArrayList<>();
        long otherR = 0;
        long otherC = 0;
        for (int i = 0; i < entries.size(); i++) {
            long[] pair = entries.get(i).getValue();
            if (i < PLOTTED_CATEGORIES) {
                labels.add(entries.get(i).getKey());
                rs.add((double) pair[0] / reference.size());
                cs.add((double) pair[1] / current.size());
            } else {
                otherR += pair[0];
                otherC += pair[1];
            }
        }
        if (entries.size() > PLOTTED_CATEGORIES) {
            labels.add("other (" + (entries.size() - PLOTTED_CATEGORIES) + " values)");
            rs.add((double) otherR / reference.size());
            cs.add((double) otherC / current.size());
        }
        return new Distribution(labels, List.of(), Double.NaN, rs, cs);
    }
}
