package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.FisherExactTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.TTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * Runs Evidently 0.7's drift stat tests on one column, reference against current, and picks
 * Evidently's default test. Stateless and thread-safe; arguments must not be null.
 *
 * <p>Missing values never count: the columns have already dropped them, as Evidently does before
 * choosing a test. Both columns must keep at least one value.
 */
public final class ColumnDrift {
    /** Evidently switches from small-sample tests to distances above this many reference rows. */
    static final int SMALL_REFERENCE_ROWS = 1000;
    /** Above this many reference values, numerical PSI, KL and JS use Sturges bins instead of distinct values. */
    static final int DISTINCT_VALUES_FOR_BINNING = 20;
    /** scipy's ks_2samp switches from the exact distribution to the asymptotic one above this sample size. */
    static final int KS_EXACT_MAX_N = 10_000;
    /** scipy's mannwhitneyu may use the exact distribution only when a side has at most this many values. */
    static final int MANN_WHITNEY_EXACT_MAX_N = 8;

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private ColumnDrift() {
    }

    /**
     * Returns the test Evidently 0.7 chooses for a numerical column when none is configured: with at
     * most 1000 reference values, Z for at most 2 distinct values (reference ∪ current), chi-square for
     * 3–5 and KS above; with more reference values, Jensen–Shannon for at most 5 distinct values and
     * Wasserstein above.
     *
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE} if either column is empty
     */
    public static StatTest defaultStatTest(NumericColumn reference, NumericColumn current) {
        requireNonEmpty(reference.size(), current.size());
        // only "at most 2", "at most 5" or "more" matters
        int distinct = ValueCounts.distinctInUnion(reference.sortedValues(), current.sortedValues(), 5);
        if (reference.size() <= SMALL_REFERENCE_ROWS) {
            if (distinct <= 5) {
                return distinct > 2 ? StatTest.CHISQUARE : StatTest.Z;
            }
            return StatTest.KS;
        }
        return distinct <= 5 ? StatTest.JENSENSHANNON : StatTest.WASSERSTEIN;
    }

    /**
     * Returns the test Evidently 0.7 chooses for a categorical column when none is configured: with at
     * most 1000 reference values, Z for at most 2 distinct values and chi-square above; with more
     * reference values, Jensen–Shannon.
     *
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE} if either column is empty
     */
    public static StatTest defaultStatTest(CategoricalColumn reference, CategoricalColumn current) {
        requireNonEmpty(reference.size(), current.size());
        if (reference.size() <= SMALL_REFERENCE_ROWS) {
            return ValueCounts.of(reference, current).distinctValues() > 2 ? StatTest.CHISQUARE : StatTest.Z;
        }
        return StatTest.JENSENSHANNON;
    }

    /**
     * Runs Evidently's default test for this numerical column at its default threshold.
     *
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE} if either column is empty
     */
    public static DriftResult test(NumericColumn reference, NumericColumn current) {
        StatTest test = defaultStatTest(reference, current);
        return test(test, reference, current, test.defaultThreshold());
    }

    /**
     * Runs Evidently's default test for this categorical column at its default threshold.
     *
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE} if either column is empty
     */
    public static DriftResult test(CategoricalColumn reference, CategoricalColumn current) {
        StatTest test = defaultStatTest(reference, current);
        return test(test, reference, current, test.defaultThreshold());
    }

    /**
     * Runs one test on a numerical column. Chi-square and Z treat each distinct number as a category,
     * as Evidently's default choice does for columns with at most 5 distinct values.
     *
     * @param threshold the significance level or distance threshold, see {@link StatTest#drifted}
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE} if either column is empty, for
     *     Fisher's exact test (categorical only), for Anderson–Darling on fewer than 4 values or one
     *     distinct value, for Cramér–von Mises when neither side has more than 20 values, and for
     *     Epps–Singleton with a zero interquartile range or fewer than 5 values on a side
     */
    public static DriftResult test(StatTest test, NumericColumn reference, NumericColumn current, double threshold) {
        requireNonNull(test, "test is null");
        requireNonEmpty(reference.size(), current.size());
        double score = switch (test) {
            case KS -> ks(reference, current);
            case CHISQUARE -> chiSquare(ValueCounts.of(reference, current));
            case Z -> zTest(ValueCounts.of(reference, current));
            case WASSERSTEIN -> wassersteinNormed(reference, current);
            case PSI -> psi(binnedShares(reference, current, true));
            case JENSENSHANNON -> jensenShannon(binnedShares(reference, current, false));
            case KL_DIV -> klDivergence(binnedShares(reference, current, true));
            case HELLINGER -> hellingerNumeric(reference, current);
            case ANDERSON -> AndersonDarlingKSample.pValue(reference.sortedValues(), current.sortedValues());
            case CRAMER_VON_MISES -> CramerVonMises.pValue(reference.sortedValues(), current.sortedValues());
            case MANNW -> mannWhitneyLess(reference, current);
            case T_TEST -> TTest.withDefaults().with(DataDispersion.HOMOSCEDASTIC)
                    .test(reference.raw(), current.raw()).getPValue();
            case ED -> energyDistance(reference, current);
            case ES -> EppsSingleton.pValue(reference.raw(), current.raw());
            case EMPIRICAL_MMD -> PermutationTests.mmdPValue(reference.raw(), current.raw());
            case FISHER_EXACT, TVD -> throw categoricalOnly(test);
        };
        return new DriftResult(test.id(), score, threshold, test.drifted(score, threshold));
    }

    /**
     * Runs one test on a numerical column at the test's default threshold.
     *
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE} if either column is empty
     */
    public static DriftResult test(StatTest test, NumericColumn reference, NumericColumn current) {
        return test(test, reference, current, test.defaultThreshold());
    }

    /**
     * Runs one test on a categorical column.
     *
     * @param threshold the significance level or distance threshold, see {@link StatTest#drifted}
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE} if either column is empty, for
     *     tests that need numbers, or for Fisher's exact test on columns of unequal length or with more
     *     than two distinct values on a side (Evidently refuses these too)
     */
    public static DriftResult test(StatTest test, CategoricalColumn reference, CategoricalColumn current,
            double threshold) {
        requireNonNull(test, "test is null");
        requireNonEmpty(reference.size(), current.size());
        return switch (test) {
            case KS, WASSERSTEIN, ANDERSON, CRAMER_VON_MISES, MANNW, T_TEST, ED, ES, EMPIRICAL_MMD ->
                    throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                            "Stat test '%s' applies to numerical columns only", test.id());
            case TVD -> {
                double p = PermutationTests.tvdPValue(reference, current);
                yield new DriftResult(test.id(), p, threshold, test.drifted(p, threshold));
            }
            case CHISQUARE, Z, PSI, JENSENSHANNON, KL_DIV, HELLINGER, FISHER_EXACT ->
                    testCounts(test, ValueCounts.of(reference, current), threshold);
        };
    }

    /**
     * Runs one test on a categorical column at the test's default threshold.
     *
     * @throws CapstanException as {@link #test(StatTest, CategoricalColumn, CategoricalColumn, double)}
     */
    public static DriftResult test(StatTest test, CategoricalColumn reference, CategoricalColumn current) {
        return test(test, reference, current, test.defaultThreshold());
    }

    /**
     * Runs a test that reads only the counts of each value (sketch mode's categorical columns): the same
     * numbers as {@link #test(StatTest, CategoricalColumn, CategoricalColumn, double)} on the columns
     * those counts came from.
     *
     * @return the result, or null when the test needs more than counts (TVD and the numerical tests)
     */
    static DriftResult testCounts(StatTest test, ValueCounts counts, double threshold) {
        requireNonEmpty(counts.referenceSize(), counts.currentSize());
        Double score = switch (test) {
            case CHISQUARE -> chiSquare(counts);
            case Z -> zTest(counts);
            case PSI -> psi(zeroFilled(counts.referenceShares()), zeroFilled(counts.currentShares()));
            case JENSENSHANNON -> jensenShannon(counts.referenceShares(), counts.currentShares());
            case KL_DIV -> klDivergence(zeroFilled(counts.referenceShares()), zeroFilled(counts.currentShares()));
            case HELLINGER -> hellinger(counts.referenceShares(), counts.currentShares(), 1.0);
            case FISHER_EXACT -> fisherExact(counts);
            case TVD, KS, WASSERSTEIN, ANDERSON, CRAMER_VON_MISES, MANNW, T_TEST, ED, ES, EMPIRICAL_MMD -> null;
        };
        if (score == null) {
            return null;
        }
        return new DriftResult(test.id(), score, threshold, test.drifted(score, threshold));
    }

    /** Evidently's default test for a categorical column, from its counts. */
    static StatTest defaultStatTest(ValueCounts counts) {
        requireNonEmpty(counts.referenceSize(), counts.currentSize());
        if (counts.referenceSize() <= SMALL_REFERENCE_ROWS) {
            return counts.distinctValues() > 2 ? StatTest.CHISQUARE : StatTest.Z;
        }
        return StatTest.JENSENSHANNON;
    }

    /** Numerical PSI (zeroes filled) or Jensen–Shannon from two sides' bin shares. */
    static double binnedScore(StatTest test, double[] referenceShares, double[] currentShares) {
        return switch (test) {
            case PSI -> psi(zeroFilled(referenceShares), zeroFilled(currentShares));
            case JENSENSHANNON -> jensenShannon(referenceShares, currentShares);
            case KS, CHISQUARE, Z, WASSERSTEIN, KL_DIV, HELLINGER, ANDERSON, CRAMER_VON_MISES, MANNW, T_TEST, ED, ES,
                    FISHER_EXACT, TVD, EMPIRICAL_MMD -> throw new IllegalArgumentException("not a binned test: " + test.id());
        };
    }

    /**
     * Evidently's fisher_exact: a 2×2 table of counts per side and value (a placeholder value when only
     * one occurs), scipy.stats.fisher_exact two-sided. Which value is which column does not change the
     * two-sided p-value.
     */
    private static double fisherExact(ValueCounts counts) {
        if (counts.referenceSize() != counts.currentSize()) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Stat test 'fisher_exact' needs equally many values on both sides (reference %d, current %d)",
                    counts.referenceSize(), counts.currentSize());
        }
        if (counts.distinctValues() > 2) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Stat test 'fisher_exact' needs binary data, found %d distinct values", counts.distinctValues());
        }
        if (counts.distinctValues() == 1) {
            return 1.0;
        }
        int[][] table = {
            {(int) counts.current()[1], (int) counts.current()[0]},
            {(int) counts.reference()[1], (int) counts.reference()[0]},
        };
        return FisherExactTest.withDefaults().test(table).getPValue();
    }

    private static void requireNonEmpty(int referenceSize, int currentSize) {
        if (referenceSize == 0 || currentSize == 0) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "An empty column (reference %d, current %d values after dropping missing ones) cannot be drift-tested",
                    referenceSize, currentSize);
        }
    }

    private static CapstanException categoricalOnly(StatTest test) {
        return new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                "Stat test '%s' applies to categorical columns only", test.id());
    }

    /** scipy's mannwhitneyu(reference, current, alternative="less"), method "auto", continuity-corrected. */
    private static double mannWhitneyLess(NumericColumn reference, NumericColumn current) {
        double[] all = ValueCounts.concatSorted(reference.sortedValues(), current.sortedValues());
        boolean ties = ValueCounts.distinct(all).length < all.length;
        // scipy: asymptotic when both sides exceed 8 values or any value ties, else exact
        boolean exact = (reference.size() <= MANN_WHITNEY_EXACT_MAX_N || current.size() <= MANN_WHITNEY_EXACT_MAX_N)
                && !ties;
        return MannWhitneyUTest.withDefaults()
                .with(AlternativeHypothesis.LESS_THAN)
                .with(exact ? PValueMethod.EXACT : PValueMethod.ASYMPTOTIC)
                .test(reference.raw(), current.raw()).getPValue();
    }

    /** scipy.stats.energy_distance: sqrt(2) times the L2 distance between the two empirical CDFs. */
    private static double energyDistance(NumericColumn reference, NumericColumn current) {
        double[] u = reference.sortedValues();
        double[] v = current.sortedValues();
        double[] all = ValueCounts.concatSorted(u, v);
        double sum = 0.0;
        int uAtOrBelow = 0;
        int vAtOrBelow = 0;
        for (int i = 0; i < all.length - 1; i++) {
            // one walk over the merged order instead of a binary search per value
            while (uAtOrBelow < u.length && u[uAtOrBelow] <= all[i]) {
                uAtOrBelow++;
            }
            while (vAtOrBelow < v.length && v[vAtOrBelow] <= all[i]) {
                vAtOrBelow++;
            }
            double uCdf = (double) uAtOrBelow / u.length;
            double vCdf = (double) vAtOrBelow / v.length;
            sum += (uCdf - vCdf) * (uCdf - vCdf) * (all[i + 1] - all[i]);
        }
        return Math.sqrt(2) * Math.sqrt(sum);
    }

    private static double ks(NumericColumn reference, NumericColumn current) {
        PValueMethod method = Math.max(reference.size(), current.size()) <= KS_EXACT_MAX_N
                ? PValueMethod.EXACT : PValueMethod.ASYMPTOTIC;
        return KolmogorovSmirnovTest.withDefaults().with(method).test(reference.raw(), current.raw()).getPValue();
    }

    private static double chiSquare(ValueCounts counts) {
        // f_exp = reference count scaled to the current size; a value unseen in reference gives f_exp = 0,
        // an infinite statistic and p = 0, as scipy.stats.chisquare does
        double scale = (double) counts.currentSize() / counts.referenceSize();
        double statistic = 0.0;
        for (int i = 0; i < counts.distinctValues(); i++) {
            double expected = counts.reference()[i] * scale;
            double difference = counts.current()[i] - expected;
            statistic += difference * difference / expected;
        }
        int degreesOfFreedom = counts.distinctValues() - 1;
        if (degreesOfFreedom == 0) {
            // one category on both sides: scipy's chi2.sf(0, 0) is NaN; there is nothing to drift
            return 1.0;
        }
        return ChiSquaredDistribution.of(degreesOfFreedom).survivalProbability(statistic);
    }

    private static double zTest(ValueCounts counts) {
        if (counts.distinctValues() == 1) {
            return 1.0;
        }
        // the smallest value is 0, every other value 1
        int n1 = counts.referenceSize();
        int n2 = counts.currentSize();
        double p1 = (double) (n1 - counts.reference()[0]) / n1;
        double p2 = (double) (n2 - counts.current()[0]) / n2;
        double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        // Evidently writes 2 * (1 - cdf), which underflows to 0 for |z| above about 8.3; keep that form
        return 2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(z)));
    }

    private static double wassersteinNormed(NumericColumn reference, NumericColumn current) {
        double[] u = reference.sortedValues();
        double[] v = current.sortedValues();
        int nu = u.length;
        int nv = v.length;
        // walk the distinct values x of the merged order: take every value <= x from each side (the CDF
        // counts), then add |F_u(x) − F_v(x)| times the gap to the next merged value
        double distance = 0.0;
        int i = 0;
        int j = 0;
        double x = Math.min(u[0], v[0]);
        while (true) {
            while (i < nu && u[i] <= x) {
                i++;
            }
            while (j < nv && v[j] <= x) {
                j++;
            }
            double next;
            if (i < nu) {
                next = j < nv ? Math.min(u[i], v[j]) : u[i];
            } else if (j < nv) {
                next = v[j];
            } else {
                break;
            }
            distance += Math.abs((double) i / nu - (double) j / nv) * (next - x);
            x = next;
        }
        return distance / Math.max(NumpySum.populationStandardDeviation(reference.raw()), 0.001);
    }


    /**
     * Evidently's {@code get_binned_data}: Sturges bins over reference ∪ current when the reference has
     * more than 20 distinct numbers, else one bin per distinct value; its {@code n_bins} argument is unused.
     */
    private static double[][] binnedShares(NumericColumn reference, NumericColumn current, boolean fillZeroes) {
        double[] r = reference.sortedValues();
        double[] c = current.sortedValues();
        double[] rShares;
        double[] cShares;
        if (ValueCounts.distinctCount(r) > DISTINCT_VALUES_FOR_BINNING) {
            double[] edges = SturgesBins.edges(ValueCounts.concatSorted(r, c), reference.isInteger() && current.isInteger());
            rShares = ValueCounts.shares(SturgesBins.counts(r, edges), r.length);
            cShares = ValueCounts.shares(SturgesBins.counts(c, edges), c.length);
        } else {
            ValueCounts counts = ValueCounts.of(reference, current);
            rShares = counts.referenceShares();
            cShares = counts.currentShares();
        }
        if (fillZeroes) {
            return new double[][] {zeroFilled(rShares), zeroFilled(cShares)};
        }
        return new double[][] {rShares, cShares};
    }

    /**
     * Replaces empty bins by a millionth of the smallest non-empty share when that is at most 1e-4,
     * else by 1e-4; not renormalised. Evidently does this for PSI and KL only.
     */
    private static double[] zeroFilled(double[] shares) {
        double smallest = Double.POSITIVE_INFINITY;
        for (double s : shares) {
            if (s != 0.0) {
                smallest = Math.min(smallest, s);
            }
        }
        double fill = smallest <= 0.0001 ? smallest / 1_000_000 : 0.0001;
        double[] filled = shares.clone();
        for (int i = 0; i < filled.length; i++) {
            if (filled[i] == 0.0) {
                filled[i] = fill;
            }
        }
        return filled;
    }

    private static double psi(double[][] shares) {
        return psi(shares[0], shares[1]);
    }

    private static double psi(double[] r, double[] c) {
        double sum = 0.0;
        for (int i = 0; i < r.length; i++) {
            sum += (r[i] - c[i]) * Math.log(r[i] / c[i]);
        }
        return sum;
    }

    private static double klDivergence(double[][] shares) {
        return klDivergence(shares[0], shares[1]);
    }

    /** scipy.stats.entropy(r, c): both renormalised to sum 1 first. */
    private static double klDivergence(double[] r, double[] c) {
        double[] p = normalised(r);
        double[] q = normalised(c);
        double sum = 0.0;
        for (int i = 0; i < p.length; i++) {
            sum += relativeEntropy(p[i], q[i]);
        }
        return sum;
    }

    private static double jensenShannon(double[][] shares) {
        return jensenShannon(shares[0], shares[1]);
    }

    /** scipy.spatial.distance.jensenshannon(r, c) with the natural log. */
    private static double jensenShannon(double[] r, double[] c) {
        double[] p = normalised(r);
        double[] q = normalised(c);
        double left = 0.0;
        double right = 0.0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2.0;
            left += relativeEntropy(p[i], m);
            right += relativeEntropy(q[i], m);
        }
        return Math.sqrt((left + right) / 2.0);
    }

    /** scipy.special.rel_entr. */
    private static double relativeEntropy(double x, double y) {
        if (x > 0 && y > 0) {
            return x * Math.log(x / y);
        }
        if (x == 0 && y >= 0) {
            return 0.0;
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double[] normalised(double[] values) {
        double sum = 0.0;
        for (double v : values) {
            sum += v;
        }
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i] / sum;
        }
        return result;
    }

    /**
     * Evidently's numerical Hellinger: Sturges edges over the distinct values of reference ∪ current
     * (not the samples), numpy density histograms of each side, Bhattacharyya sum times the bin width.
     */
    private static double hellingerNumeric(NumericColumn reference, NumericColumn current) {
        double[] r = reference.sortedValues();
        double[] c = current.sortedValues();
        double[] edges = SturgesBins.edges(ValueCounts.distinct(ValueCounts.concatSorted(r, c)),
                reference.isInteger() && current.isInteger());
        double width = (edges[edges.length - 1] - edges[0]) / (edges.length - 1);
        return hellinger(density(SturgesBins.counts(r, edges), edges), density(SturgesBins.counts(c, edges), edges),
                width);
    }

    /** numpy.histogram(density=True): count / bin width / total count. */
    private static double[] density(long[] counts, double[] edges) {
        long total = 0;
        for (long n : counts) {
            total += n;
        }
        double[] density = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            density[i] = counts[i] / (edges[i + 1] - edges[i]) / total;
        }
        return density;
    }

    private static double hellinger(double[] p, double[] q, double width) {
        double coefficient = 0.0;
        for (int i = 0; i < p.length; i++) {
            coefficient += Math.sqrt(p[i] * q[i]) * width;
        }
        return Math.sqrt(1 - Math.min(Math.max(coefficient, 0.0), 1.0));
    }
}
