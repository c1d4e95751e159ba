package io.capstan.monitoring.drift;

import static java.util.Objects.requireNonNull;

/**
 * How large a column's change is, as opposed to whether it is significant. Computed on present values
 * (missing ones dropped, as for the drift tests).
 */
public sealed interface EffectSize {

    /**
     * A numerical column's shift. Standard deviations are sample ones (n − 1), so Cohen's d is
     * (current mean − reference mean) / pooled SD with pooled SD = √(((n<sub>r</sub>−1)s<sub>r</sub>² +
     * (n<sub>c</sub>−1)s<sub>c</sub>²) / (n<sub>r</sub> + n<sub>c</sub> − 2)). Positive means the current
     * data moved up.
     *
     * @param referenceMean mean of the reference
     * @param currentMean mean of the current data
     * @param referenceMedian median of the reference (numpy's: the mean of the two middle values for an even count)
     * @param currentMedian median of the current data
     * @param referenceStd sample standard deviation of the reference; NaN for a single value
     * @param currentStd sample standard deviation of the current data; NaN for a single value
     * @param cohensD Cohen's d; NaN when the pooled SD is 0 or undefined (constant or two single values)
     */
    record Numerical(double referenceMean, double currentMean, double referenceMedian, double currentMedian,
            double referenceStd, double currentStd, double cohensD) implements EffectSize {

        /** Returns current − reference mean. */
        public double meanShift() {
            return currentMean - referenceMean;
        }

        /** Returns current − reference median. */
        public double medianShift() {
            return currentMedian - referenceMedian;
        }

        /** Returns current − reference standard deviation. */
        public double stdShift() {
            return currentStd - referenceStd;
        }
    }

    /**
     * A categorical column's change. Cramér's V of the 2 × k contingency table (side × category):
     * √(χ² / (N · (min(2, k) − 1))) with the uncorrected Pearson χ² of that table and N all present
     * values (as {@code scipy.stats.contingency.association(table, method="cramer")}); 0 when there is
     * one category only (SciPy answers NaN there). Also the category whose share moved most.
     *
     * @param cramersV Cramér's V, in [0, 1]
     * @param largestChangeValue the category whose share changed most (ties: the first in value order); not null
     * @param largestChangeReferenceShare its share of the reference's present values
     * @param largestChangeCurrentShare its share of the current data's present values
     */
    record Categorical(double cramersV, String largestChangeValue, double largestChangeReferenceShare,
            double largestChangeCurrentShare) implements EffectSize {
        public Categorical {
            requireNonNull(largestChangeValue, "largestChangeValue is null");
        }

        /** Returns current − reference share of {@link #largestChangeValue()}. */
        public double largestShareChange() {
            return largestChangeCurrentShare - largestChangeReferenceShare;
        }
    }

    /**
     * Returns the numerical effect from both sides' moments and medians.
     *
     * @param n sizes, means and sums of squared deviations from the mean of each side
     */
    static Numerical numerical(long nr, double meanR, double m2R, double medianR, long nc, double meanC, double m2C,
            double medianC) {
        double stdR = nr > 1 ? Math.sqrt(m2R / (nr - 1)) : Double.NaN;
        double stdC = nc > 1 ? Math.sqrt(m2C / (nc - 1)) : Double.NaN;
        double d = Double.NaN;
        if (nr + nc > 2) {
            double pooled = Math.sqrt((m2R + m2C) / (nr + nc - 2));
            if (pooled > 0) {
                d = (meanC - meanR) / pooled;
            }
        }
        return new Numerical(meanR, meanC, medianR, medianC, stdR, stdC, d);
    }

    /** Returns the numerical effect of two exact columns (non-empty). */
    static Numerical numerical(NumericColumn reference, NumericColumn current) {
        double[] r = reference.raw();
        double[] c = current.raw();
        double meanR = mean(r);
        double meanC = mean(c);
        return numerical(r.length, meanR, squaredDeviations(r, meanR), median(reference.sortedValues()), c.length,
                meanC, squaredDeviations(c, meanC), median(current.sortedValues()));
    }

    /** Returns the categorical effect from aligned counts (categories in ascending value order). */
    static Categorical categorical(String[] values, long[] reference, long[] current) {
        long nr = 0;
        long nc = 0;
        for (int i = 0; i < values.length; i++) {
            nr += reference[i];
            nc += current[i];
        }
        double total = nr + nc;
        double chi2 = 0.0;
        int bestIndex = 0;
        double bestChange = -1.0;
        for (int i = 0; i < values.length; i++) {
            double column = reference[i] + current[i];
            double expectedR = column * nr / total;
            double expectedC = column * nc / total;
            chi2 += (reference[i] - expectedR) * (reference[i] - expectedR) / expectedR
                    + (current[i] - expectedC) * (current[i] - expectedC) / expectedC;
            double change = Math.abs((double) current[i] / nc - (double) reference[i] / nr);
            if (change > bestChange) {
                bestChange = change;
                bestIndex = i;
            }
        }
        double v = values.length < 2 ? 0.0 : Math.min(1.0, Math.sqrt(chi2 / total));
        return new Categorical(v, values[bestIndex], (double) reference[bestIndex] / nr,
                (double) current[bestIndex] / nc);
    }

    private static double mean(double[] values) {
        return NumpySum.sum(values) / values.length;
    }

    private static double squaredDeviations(double[] values, double mean) {
        double[] squares = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double d = values[i] - mean;
            squares[i] = d * d;
        }
        return NumpySum.sum(squares);
    }

    /** numpy.median of an ascending, non-empty array. */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
