package io.capstan.monitoring.drift;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import org.apache.datasketches.kll.KllSketch;

/**
 * Settings of sketch mode ({@link SketchDrift}): bounded memory per column whatever the number of rows.
 *
 * @param k the KLL sketch's size parameter, {@value #MIN_K}–{@value #MAX_K}: its normalised rank error
 *     ε ({@link #rankError()}) shrinks about as 1/k, its memory grows about as k (k = 2000: ε ≈ 0.14%,
 *     about 45 kB per numerical column and side)
 * @param maxCategories distinct values counted exactly per string or boolean column; a column with more
 *     is not tested in sketch mode
 */
public record SketchOptions(int k, int maxCategories) {
    /** KLL's smallest k. */
    public static final int MIN_K = 8;
    /** KLL's largest k. */
    public static final int MAX_K = KllSketch.MAX_K;
    /** The default k: ε ≈ 0.14% at about 45 kB per numerical column and side. */
    public static final int DEFAULT_K = 2000;
    /** The default cap on distinct values per categorical column. */
    public static final int DEFAULT_MAX_CATEGORIES = 100_000;
    /**
     * A side with at most this many present values keeps them all, and a column whose two sides both do is
     * tested exactly (as outside sketch mode); scipy's exact-KS limit.
     */
    public static final int EXACT_VALUES = ColumnDrift.KS_EXACT_MAX_N;

    /**
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE} when k or the cap is out of range
     */
    public SketchOptions {
        if (k < MIN_K || k > MAX_K) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Sketch k must be between %d and %d, got %d", MIN_K, MAX_K, k);
        }
        if (maxCategories < 1) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "The sketch's category cap must be at least 1, got %d", maxCategories);
        }
    }

    /** Returns the defaults: k = 2000, at most 100,000 categories per column. */
    public static SketchOptions defaults() {
        return new SketchOptions(DEFAULT_K, DEFAULT_MAX_CATEGORIES);
    }

    /**
     * Returns ε, DataSketches' a-priori normalised rank error of a KLL sketch at this k (single-sided,
     * 99% confidence): a rank read from the sketch is within ε·n of the true rank.
     */
    public double rankError() {
        return KllSketch.getNormalizedRankError(k, false);
    }
}
