package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.spi.ColumnBatchSink.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Drift between two {@link TableSketch}es: Evidently's column types, default tests, thresholds and
 * dataset vote, computed from bounded-memory summaries instead of the data. Thread-safe (stateless).
 *
 * <p>What is exact and what is estimated:
 * <ul>
 *   <li>Categorical columns (strings, booleans, integer columns with at most 10 values) are counted
 *       exactly up to {@link SketchOptions#maxCategories()} distinct values, so chisquare, z, psi,
 *       jensenshannon, kl_div, hellinger and fisher_exact give exactly Evidently's numbers; TVD (a
 *       permutation test over the rows) is refused.
 *   <li>A numerical column whose two sides both have at most {@link SketchOptions#EXACT_VALUES} values
 *       keeps them, and every test runs exactly as outside sketch mode.
 *   <li>Other numerical columns run ks, wasserstein, psi and jensenshannon on KLL sketches (and z and
 *       chisquare, exactly, when both sides have few distinct values); the rest are refused. Row counts,
 *       missing counts, min, max, mean and standard deviation are exact; ranks are within ε·n
 *       ({@link SketchOptions#rankError()}). KS and Wasserstein report {@link ScoreBounds} that contain
 *       the exact score; so does Jensen–Shannon, more loosely; PSI's is unbounded above.
 * </ul>
 */
public final class SketchDrift {
    private static final double LN2 = Math.log(2.0);

    /**
     * Runs the drift tests on two sketches built with the same settings.
     *
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE} as {@link DatasetDrift#run}, and when a
     *     chosen test cannot run on sketches
     */
    public DatasetDriftResult run(TableSketch reference, TableSketch current, DriftOptions options) {
        requireNonNull(reference, "reference is null");
        requireNonNull(current, "current is null");
        requireNonNull(options, "options is null");
        if (!reference.options().equals(current.options())) {
            throw new IllegalArgumentException("both sketches need the same settings");
        }
        List<String> names = options.columns().isEmpty() ? current.columnNames() : options.columns();
        for (String name : names) {
            if (current.column(name).isEmpty()) {
                throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                        "Column '%s' is not in the current data (its columns: %s)", name,
                        DatasetDrift.abbreviate(current.columnNames()));
            }
            if (reference.column(name).isEmpty()) {
                throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                        "Column '%s' is in the current data but not in the reference (its columns: %s)", name,
                        DatasetDrift.abbreviate(reference.columnNames()));
            }
        }
        List<ColumnResult> results = new ArrayList<>();
        List<SkippedColumn> skipped = new ArrayList<>();
        for (String name : names) {
            Object outcome = testColumn(reference, current, reference.column(name).orElseThrow(),
                    current.column(name).orElseThrow(), options);
            if (outcome instanceof ColumnResult result) {
                results.add(result);
            } else {
                skipped.add((SkippedColumn) outcome);
            }
        }
        if (results.isEmpty()) {
            StringBuilder why = new StringBuilder();
            for (SkippedColumn s : skipped) {
                why.append(why.isEmpty() ? "" : "; ").append(s.column()).append(": ").append(s.reason());
            }
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "No column can be drift-tested (%s)", why.isEmpty() ? "no columns" : why.toString());
        }
        return DatasetDrift.finish(options, results, skipped, rows(reference.rowCount()), rows(current.rowCount()),
                reference.options());
    }

    private static int rows(long n) {
        if (n > Integer.MAX_VALUE) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Sketch mode takes at most %d rows per side, got %d", Integer.MAX_VALUE, n);
        }
        return (int) n;
    }

    /** Whether a column reads as numbers: numbers, or (CSV) a string column without any value. */
    private static boolean numberLike(ColumnSketch column, TableSketch table) {
        return column.isNumber() || (column.kind() == Kind.STRING && column.present() == 0
                && table.allMissingStringIsNumber());
    }

    private static ColumnType infer(ColumnSketch column, TableSketch table) {
        if (numberLike(column, table)) {
            if (!column.isIntegerTyped()) {
                return ColumnType.NUMERICAL;
            }
            TreeMap<Double, Long> counts = column.numberCounts();
            return counts != null && counts.size() <= ColumnType.INTEGER_CARDINALITY_LIMIT
                    ? ColumnType.CATEGORICAL : ColumnType.NUMERICAL;
        }
        return switch (column.kind()) {
            case BOOLEAN -> column.missing() == 0 ? ColumnType.CATEGORICAL : ColumnType.UNKNOWN;
            case STRING -> {
                if (column.present() == 0) {
                    yield ColumnType.UNKNOWN;
                }
                TreeMap<String, Long> counts = column.categoryCounts();
                if (counts == null) {
                    // more distinct values than the cap: text when an HLL estimate says more than half are distinct
                    yield column.distinctEstimate() > column.present() * 0.5 ? ColumnType.TEXT : null;
                }
                yield counts.size() > column.present() * 0.5 ? ColumnType.TEXT : ColumnType.CATEGORICAL;
            }
            case INTEGER, FLOAT, OTHER -> ColumnType.UNKNOWN;
        };
    }

    private static Object testColumn(TableSketch referenceTable, TableSketch currentTable, ColumnSketch reference,
            ColumnSketch current, DriftOptions options) {
        String name = current.name();
        ColumnType type = infer(current, currentTable);
        if (type == null) {
            return new SkippedColumn(name, ColumnType.UNKNOWN, "more than " + referenceTable.options().maxCategories()
                    + " distinct values in the current data: sketch mode counts at most that many exactly per"
                    + " column (raise --sketch-max-categories, or run without --sketch)");
        }
        return switch (type) {
            case TEXT -> new SkippedColumn(name, type, DatasetDrift.TEXT_REASON);
            case UNKNOWN -> new SkippedColumn(name, type, "column of type " + current.typeName()
                    + (current.kind() == Kind.BOOLEAN ? " with missing values" : "")
                    + ", which Evidently does not drift-test");
            case NUMERICAL -> numerical(name, referenceTable, currentTable, reference, current, options);
            case CATEGORICAL -> categorical(name, referenceTable, reference, current, options);
        };
    }

    private static Object numerical(String name, TableSketch referenceTable, TableSketch currentTable,
            ColumnSketch reference, ColumnSketch current, DriftOptions options) {
        if (!numberLike(reference, referenceTable)) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Column '%s' holds numbers in the current data but %s values in the reference%s", name,
                    reference.typeName(), example(reference));
        }
        SkippedColumn empty = DatasetDrift.emptySide(name, ColumnType.NUMERICAL, count(reference.present()),
                count(current.present()));
        if (empty != null) {
            return empty.withMissing(DatasetDrift.missingDrift(reference.missing(), reference.rows(),
                    current.missing(), current.rows(), options));
        }
        MissingValueDrift missing = DatasetDrift.missingDrift(reference.missing(), reference.rows(),
                current.missing(), current.rows(), options);
        double[] r = reference.exactValues();
        double[] c = current.exactValues();
        if (r != null && c != null) {
            // both sides small: the exact path, Evidently's numbers to the last digit
            NumericColumn ref = NumericColumn.of(r, reference.isIntegerTyped());
            NumericColumn cur = NumericColumn.of(c, current.isIntegerTyped());
            StatTest chosen = DatasetDrift.chosenTest(name, ColumnType.NUMERICAL, options);
            StatTest test = chosen != null ? chosen : ColumnDrift.defaultStatTest(ref, cur);
            Double threshold = options.thresholdFor(name, ColumnType.NUMERICAL);
            DriftResult result = DatasetDrift.inColumn(name, () -> ColumnDrift.test(test, ref, cur,
                    threshold != null ? threshold : test.defaultThreshold()));
            return new ColumnResult(name, ColumnType.NUMERICAL, result, ref.size(), cur.size(),
                    count(reference.missing()), count(current.missing()), DatasetDrift.numericDistribution(ref, cur),
                    null, missing, options.extras().effectSizes() ? EffectSize.numerical(ref, cur) : null, null);
        }
        TreeMap<Double, Long> rc = reference.numberCounts();
        TreeMap<Double, Long> cc = current.numberCounts();
        int unionDistinct = Integer.MAX_VALUE;
        if (rc != null && cc != null) {
            TreeSet<Double> union = new TreeSet<>(rc.keySet());
            union.addAll(cc.keySet());
            unionDistinct = union.size();
        }
        StatTest chosen = DatasetDrift.chosenTest(name, ColumnType.NUMERICAL, options);
        StatTest test;
        if (chosen != null) {
            test = chosen;
        } else if (reference.present() <= ColumnDrift.SMALL_REFERENCE_ROWS) {
            test = unionDistinct <= 5 ? (unionDistinct > 2 ? StatTest.CHISQUARE : StatTest.Z) : StatTest.KS;
        } else {
            test = unionDistinct <= 5 ? StatTest.JENSENSHANNON : StatTest.WASSERSTEIN;
        }
        Double chosenThreshold = options.thresholdFor(name, ColumnType.NUMERICAL);
        double threshold = chosenThreshold != null ? chosenThreshold : test.defaultThreshold();
        SketchOptions settings = referenceTable.options();
        double epsilon = rankError(reference.kll(), settings, false) + rankError(current.kll(), settings, false);
        Scored scored = switch (test) {
            case KS -> {
                double[] walk = walk(reference.kll(), current.kll());
                double p = KsAsymptotic.pValue(walk[0], reference.present(), current.present());
                yield new Scored(p, new ScoreBounds(KsAsymptotic.pValue(Math.min(1.0, walk[0] + epsilon), reference.present(),
                        current.present()), KsAsymptotic.pValue(Math.max(0.0, walk[0] - epsilon),
                        reference.present(), current.present())));
            }
            case WASSERSTEIN -> {
                double[] walk = walk(reference.kll(), current.kll());
                double std = Math.max(reference.populationStd(), 0.001);
                double score = walk[1] / std;
                double range = Math.max(reference.kll().getMaxItem(), current.kll().getMaxItem())
                        - Math.min(reference.kll().getMinItem(), current.kll().getMinItem());
                double slack = epsilon * range / std;
                yield new Scored(score, new ScoreBounds(Math.max(0.0, score - slack), score + slack));
            }
            case PSI, JENSENSHANNON -> {
                if (rc != null && rc.size() <= ColumnDrift.DISTINCT_VALUES_FOR_BINNING) {
                    if (cc == null) {
                        throw refused(name, test, "the reference has at most 20 distinct values, so Evidently bins"
                                + " by value over both sides, and the current data has more than "
                                + ColumnSketch.NUMERIC_DISTINCT + " distinct values, which sketches do not keep");
                    }
                    // per-value bins over counts kept exactly: the exact score
                    yield new Scored(ColumnDrift.testCounts(test, numberCounts(rc, cc), threshold).score(), null);
                }
                double[][] shares = sturgesShares(reference, current);
                double score = ColumnDrift.binnedScore(test, shares[0], shares[1]);
                int bins = shares[0].length;
                double pmfError = rankError(reference.kll(), settings, true) + rankError(current.kll(), settings, true);
                if (pmfError == 0.0) {
                    yield new Scored(score, null);
                }
                yield new Scored(score, test == StatTest.JENSENSHANNON
                        ? jensenShannonBounds(score, bins, reference.kll(), current.kll(), settings)
                        : new ScoreBounds(0.0, Double.POSITIVE_INFINITY));
            }
            case Z, CHISQUARE -> {
                if (rc == null || cc == null) {
                    throw refused(name, test, "it counts each distinct value, and a side has more than "
                            + ColumnSketch.NUMERIC_DISTINCT + " of them");
                }
                yield new Scored(ColumnDrift.testCounts(test, numberCounts(rc, cc), threshold).score(), null);
            }
            case KL_DIV, HELLINGER, ANDERSON, CRAMER_VON_MISES, MANNW, T_TEST, ED, ES, EMPIRICAL_MMD, FISHER_EXACT, TVD ->
                    throw refused(name, test, "it needs every value");
        };
        double score = scored.score();
        ScoreBounds bounds = scored.bounds();
        DriftResult result = new DriftResult(test.id(), score, threshold, test.drifted(score, threshold));
        EffectSize effect = null;
        if (options.extras().effectSizes()) {
            effect = EffectSize.numerical(reference.present(), reference.mean(), reference.m2(),
                    reference.kll().getQuantile(0.5), current.present(), current.mean(), current.m2(),
                    current.kll().getQuantile(0.5));
        }
        return new ColumnResult(name, ColumnType.NUMERICAL, result, count(reference.present()),
                count(current.present()), count(reference.missing()), count(current.missing()),
                numericDistribution(reference.kll(), current.kll()), null, missing, effect, bounds);
    }

    private record Scored(double score, ScoreBounds bounds) {
    }

    private static CapstanException refused(String name, StatTest test, String why) {
        return new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                "Column '%s': stat test '%s' cannot run in sketch mode (%s); on numerical columns of more than %d"
                        + " values sketch mode runs ks, wasserstein, psi and jensenshannon (and z and chisquare on"
                        + " few distinct values); run without --sketch for the others",
                name, test.id(), why, SketchOptions.EXACT_VALUES);
    }

    private static double rankError(KllDoublesSketch sketch, SketchOptions settings, boolean pmf) {
        return sketch.isEstimationMode() ? KllSketch.getNormalizedRankError(settings.k(), pmf) : 0.0;
    }

    /**
     * One walk over the merged retained items of both sketches: {KS statistic sup|F_r − F_c|,
     * Wasserstein-1 ∫|F_r − F_c|}, each side's CDF a step function of its retained items and weights.
     */
    static double[] walk(KllDoublesSketch reference, KllDoublesSketch current) {
        DoublesSortedView a = reference.getSortedView();
        DoublesSortedView b = current.getSortedView();
        double[] qa = a.getQuantiles();
        long[] wa = a.getCumulativeWeights();
        double[] qb = b.getQuantiles();
        long[] wb = b.getCumulativeWeights();
        double na = a.getN();
        double nb = b.getN();
        int i = 0;
        int j = 0;
        double d = 0.0;
        double w = 0.0;
        while (i < qa.length || j < qb.length) {
            double x = j >= qb.length || (i < qa.length && qa[i] <= qb[j]) ? qa[i] : qb[j];
            while (i < qa.length && qa[i] <= x) {
                i++;
            }
            while (j < qb.length && qb[j] <= x) {
                j++;
            }
            double fa = i == 0 ? 0.0 : wa[i - 1] / na;
            double fb = j == 0 ? 0.0 : wb[j - 1] / nb;
            double gap = Math.abs(fa - fb);
            d = Math.max(d, gap);
            if (i < qa.length || j < qb.length) {
                double next = j >= qb.length || (i < qa.length && qa[i] <= qb[j]) ? qa[i] : qb[j];
                w += gap * (next - x);
            }
        }
        return new double[] {d, w};
    }

    /** Evidently's Sturges bins over reference ∪ current (edges from the exact min, max and count), shares from the sketches. */
    private static double[][] sturgesShares(ColumnSketch reference, ColumnSketch current) {
        KllDoublesSketch r = reference.kll();
        KllDoublesSketch c = current.kll();
        double[] edges = SturgesBins.edges(Math.min(r.getMinItem(), c.getMinItem()),
                Math.max(r.getMaxItem(), c.getMaxItem()), reference.present() + current.present(),
                reference.isIntegerTyped() && current.isIntegerTyped());
        return new double[][] {shares(r, edges), shares(c, edges)};
    }

    /** numpy.histogram shares over these edges (left-closed bins, the last closed), read from a sketch. */
    static double[] shares(KllDoublesSketch sketch, double[] edges) {
        int bins = edges.length - 1;
        double[] shares = new double[bins];
        double below = 0.0;
        for (int i = 0; i < bins; i++) {
            double belowNext;
            if (i == bins - 1) {
                belowNext = sketch.getMaxItem() <= edges[bins] ? 1.0 : sketch.getRank(edges[bins], QuantileSearchCriteria.INCLUSIVE);
            } else {
                belowNext = sketch.getMinItem() >= edges[i + 1] ? 0.0
                        : sketch.getRank(edges[i + 1], QuantileSearchCriteria.EXCLUSIVE);
            }
            if (i == 0) {
                below = sketch.getMinItem() >= edges[0] ? 0.0 : sketch.getRank(edges[0], QuantileSearchCriteria.EXCLUSIVE);
            }
            shares[i] = Math.max(0.0, belowNext - below);
            below = Math.max(below, belowNext);
        }
        return shares;
    }

    /**
     * Jensen–Shannon distance bounds: it is a metric, and JSD(P, P̂) ≤ ln 2 · TV(P, P̂), with TV at most half
     * the bins times the sketch's PMF error; so the exact distance is within √(ln2·TV_r) + √(ln2·TV_c).
     */
    private static ScoreBounds jensenShannonBounds(double score, int bins, KllDoublesSketch reference,
            KllDoublesSketch current, SketchOptions settings) {
        double tvR = Math.min(1.0, 0.5 * bins * rankError(reference, settings, true));
        double tvC = Math.min(1.0, 0.5 * bins * rankError(current, settings, true));
        double slack = Math.sqrt(LN2 * tvR) + Math.sqrt(LN2 * tvC);
        return new ScoreBounds(Math.max(0.0, score - slack), Math.min(Math.sqrt(LN2), score + slack));
    }

    private static ValueCounts numberCounts(TreeMap<Double, Long> reference, TreeMap<Double, Long> current) {
        TreeSet<Double> union = new TreeSet<>(reference.keySet());
        union.addAll(current.keySet());
        return aligned(new ArrayList<>(union), reference, current);
    }

    private static <K> ValueCounts aligned(List<K> keys, Map<K, Long> reference, Map<K, Long> current) {
        long[] r = new long[keys.size()];
        long[] c = new long[keys.size()];
        long nr = 0;
        long nc = 0;
        for (int i = 0; i < keys.size(); i++) {
            r[i] = reference.getOrDefault(keys.get(i), 0L);
            c[i] = current.getOrDefault(keys.get(i), 0L);
            nr += r[i];
            nc += c[i];
        }
        return new ValueCounts(r, c, count(nr), count(nc));
    }

    private static Object categorical(String name, TableSketch referenceTable, ColumnSketch reference,
            ColumnSketch current, DriftOptions options) {
        boolean sameKind = reference.isNumber() == current.isNumber() && (reference.isNumber() || reference.kind() == current.kind());
        if (!sameKind) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Column '%s' holds %s values in the current data but %s values in the reference%s", name,
                    current.typeName(), reference.typeName(), example(reference));
        }
        TreeMap<String, Long> r = labels(reference);
        TreeMap<String, Long> c = labels(current);
        if (r == null) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Column '%s': the reference has more than %d distinct values, more than sketch mode counts"
                            + " (raise --sketch-max-categories, or run without --sketch)", name,
                    reference.isNumber() ? ColumnSketch.NUMERIC_DISTINCT : referenceTable.options().maxCategories());
        }
        SkippedColumn empty = DatasetDrift.emptySide(name, ColumnType.CATEGORICAL, count(reference.present()),
                count(current.present()));
        if (empty != null) {
            return empty.withMissing(DatasetDrift.missingDrift(reference.missing(), reference.rows(),
                    current.missing(), current.rows(), options));
        }
        TreeSet<String> union = new TreeSet<>(r.keySet());
        union.addAll(c.keySet());
        List<String> keys = new ArrayList<>(union);
        ValueCounts counts = aligned(keys, r, c);
        StatTest chosen = DatasetDrift.chosenTest(name, ColumnType.CATEGORICAL, options);
        StatTest test = chosen != null ? chosen : ColumnDrift.defaultStatTest(counts);
        Double chosenThreshold = options.thresholdFor(name, ColumnType.CATEGORICAL);
        double threshold = chosenThreshold != null ? chosenThreshold : test.defaultThreshold();
        DriftResult result = DatasetDrift.inColumn(name, () -> ColumnDrift.testCounts(test, counts, threshold));
        if (result == null) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Column '%s': stat test '%s' cannot run in sketch mode (it permutes the rows); on categorical"
                            + " columns sketch mode runs chisquare, z, psi, jensenshannon, kl_div, hellinger and"
                            + " fisher_exact; run without --sketch for it", name, test.id());
        }
        EffectSize effect = options.extras().effectSizes()
                ? EffectSize.categorical(keys.toArray(String[]::new), counts.reference(), counts.current()) : null;
        return new ColumnResult(name, ColumnType.CATEGORICAL, result, counts.referenceSize(), counts.currentSize(),
                count(reference.missing()), count(current.missing()), categoricalDistribution(keys, counts), null,
                DatasetDrift.missingDrift(reference.missing(), reference.rows(), current.missing(), current.rows(),
                        options), effect, null);
    }

    /** Counts by category label, as the exact path labels them (numbers as pandas prints them). */
    private static TreeMap<String, Long> labels(ColumnSketch column) {
        if (!column.isNumber()) {
            return column.categoryCounts();
        }
        TreeMap<Double, Long> numbers = column.numberCounts();
        if (numbers == null) {
            return null;
        }
        TreeMap<String, Long> labelled = new TreeMap<>();
        numbers.forEach((v, n) -> labelled.merge(DatasetDrift.numberLabel(v), n, Long::sum));
        return labelled;
    }

    private static String example(ColumnSketch column) {
        TreeMap<String, Long> counts = column.isNumber() ? null : column.categoryCounts();
        if (counts == null || counts.isEmpty() || column.kind() != Kind.STRING) {
            return "";
        }
        String v = counts.firstKey();
        return " (e.g. '" + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "')";
    }

    private static Distribution numericDistribution(KllDoublesSketch reference, KllDoublesSketch current) {
        double min = Math.min(reference.getMinItem(), current.getMinItem());
        double max = Math.max(reference.getMaxItem(), current.getMaxItem());
        int bins = min == max ? 1 : DatasetDrift.PLOTTED_BINS;
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = i == bins ? (min == max ? max + 0.5 : max) : (min == max ? min - 0.5 : min + (max - min) * i / bins);
        }
        double[] rs = shares(reference, edges);
        double[] cs = shares(current, edges);
        List<String> labels = new ArrayList<>();
        List<Double> lower = new ArrayList<>();
        List<Double> r = new ArrayList<>();
        List<Double> c = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            labels.add(String.format("%.4g – %.4g", edges[i], edges[i + 1]));
            lower.add(edges[i]);
            r.add(rs[i]);
            c.add(cs[i]);
        }
        return new Distribution(labels, lower, edges[bins], r, c);
    }

    private static Distribution categoricalDistribution(List<String> keys, ValueCounts counts) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> -(counts.reference()[i] + counts.current()[i]))
                .thenComparing(keys::get));
        List<String> labels = new ArrayList<>();
        List<Double> rs = new ArrayList<>();
        List<Double> cs = new ArrayList<>();
        long otherR = 0;
        long otherC = 0;
        for (int k = 0; k < order.size(); k++) {
            int i = order.get(k);
            if (k < DatasetDrift.PLOTTED_CATEGORIES) {
                labels.add(keys.get(i));
                rs.add((double) counts.reference()[i] / counts.referenceSize());
                cs.add((double) counts.current()[i] / counts.currentSize());
            } else {
                otherR += counts.reference()[i];
                otherC += counts.current()[i];
            }
        }
        if (order.size() > DatasetDrift.PLOTTED_CATEGORIES) {
            labels.add("other (" + (order.size() - DatasetDrift.PLOTTED_CATEGORIES) + " values)");
            rs.add((double) otherR / counts.referenceSize());
            cs.add((double) otherC / counts.currentSize());
        }
        return new Distribution(labels, List.of(), Double.NaN, rs, cs);
    }

    private static int count(long n) {
        return rows(n);
    }
}
