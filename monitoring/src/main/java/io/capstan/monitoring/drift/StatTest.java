package io.capstan.monitoring.drift;

/**
 * A drift stat test as Evidently 0.7 registers it: its id, default threshold and drift rule.
 *
 * <p>A p-value test drifts when its p-value falls below the threshold, a distance test when its
 * distance reaches the threshold; the exact comparison ({@code <}, {@code <=} or {@code >=}) is
 * Evidently's, test by test, and matters only on the boundary.
 */
public enum StatTest {
    /** Two-sample Kolmogorov–Smirnov p-value ({@code scipy.stats.ks_2samp}); numerical only. */
    KS("ks", 0.05),
    /** Chi-square goodness-of-fit p-value of current counts against reference proportions. */
    CHISQUARE("chisquare", 0.05),
    /** Two-proportion Z-test p-value, smallest value against all others. */
    Z("z", 0.05),
    /** Wasserstein-1 distance divided by the reference's population standard deviation; numerical only. */
    WASSERSTEIN("wasserstein", 0.1),
    /** Population stability index over Evidently's bins, zeroes filled. */
    PSI("psi", 0.1),
    /** Jensen–Shannon distance (natural log, so at most sqrt(ln 2)) over Evidently's bins. */
    JENSENSHANNON("jensenshannon", 0.1),
    /** Kullback–Leibler divergence reference ‖ current (natural log) over Evidently's bins, zeroes filled. */
    KL_DIV("kl_div", 0.1),
    /** Hellinger distance over distinct values, or over Sturges bins of the distinct values for numbers. */
    HELLINGER("hellinger", 0.1),
    /**
     * Anderson–Darling k-sample significance level ({@code scipy.stats.anderson_ksamp}, midrank),
     * interpolated and capped to [0.001, 0.25] as SciPy does; numerical only.
     */
    ANDERSON("anderson", 0.1),
    /** Two-sample Cramér–von Mises p-value, asymptotic (either side above 20 values); numerical only. */
    CRAMER_VON_MISES("cramer_von_mises", 0.1),
    /**
     * One-sided Mann–Whitney U p-value ({@code mannwhitneyu(reference, current, alternative="less")}):
     * small when reference tends to be smaller than current, not for a shift the other way; numerical only.
     */
    MANNW("mannw", 0.05),
    /** Two-sided Student t-test p-value with pooled (equal) variances; numerical only. */
    T_TEST("t_test", 0.05),
    /** Energy distance ({@code scipy.stats.energy_distance}), not normalised; numerical only. */
    ED("ed", 0.1),
    /** Epps–Singleton p-value ({@code scipy.stats.epps_singleton_2samp}); numerical only, refused for IQR 0. */
    ES("es", 0.05),
    /**
     * Two-sided Fisher exact p-value of the 2×2 table (side × value); categorical, needs at most two
     * distinct values on each side and equally many values on both sides, as Evidently does.
     */
    FISHER_EXACT("fisher_exact", 0.1),
    /**
     * Permutation p-value of the total variation distance (1000 permutations from NumPy's legacy
     * generator seeded with 0, as Evidently draws them); categorical only.
     */
    TVD("TVD", 0.1),
    /**
     * Permutation p-value of the RBF-kernel maximum mean discrepancy (100 permutations). Evidently draws
     * them unseeded; Capstan uses NumPy's legacy generator seeded with 0, so the two agree when NumPy's
     * global generator was seeded with 0 before the test. Numerical only, at most 5000 values in all.
     */
    EMPIRICAL_MMD("empirical_mmd", 0.1);

    private final String id;
    private final double defaultThreshold;

    StatTest(String id, double defaultThreshold) {
        this.id = id;
        this.defaultThreshold = defaultThreshold;
    }

    /** Returns Evidently's name for this test, as given to {@code method=}; never null. */
    public String id() {
        return id;
    }

    /** Returns the threshold Evidently uses when none is given. */
    public double defaultThreshold() {
        return defaultThreshold;
    }

    /** Returns whether the score is a p-value (drift when small) rather than a distance (drift when large). */
    public boolean isPValue() {
        return switch (this) {
            case KS, CHISQUARE, Z, ANDERSON, CRAMER_VON_MISES, MANNW, T_TEST, ES, FISHER_EXACT, TVD, EMPIRICAL_MMD -> true;
            case WASSERSTEIN, PSI, JENSENSHANNON, KL_DIV, HELLINGER, ED -> false;
        };
    }

    /**
     * Returns whether Evidently lets this test be chosen by name for a column of this type: chi-square,
     * Z, Fisher and TVD for categorical columns (Evidently reaches chi-square and Z on numbers only by
     * its default choice), PSI, Jensen–Shannon, KL and Hellinger for both, the rest for numerical ones.
     */
    public boolean appliesTo(ColumnType type) {
        return switch (this) {
            case CHISQUARE, Z, FISHER_EXACT, TVD -> type == ColumnType.CATEGORICAL;
            case PSI, JENSENSHANNON, KL_DIV, HELLINGER -> type == ColumnType.CATEGORICAL || type == ColumnType.NUMERICAL;
            case KS, WASSERSTEIN, ANDERSON, CRAMER_VON_MISES, MANNW, T_TEST, ED, ES, EMPIRICAL_MMD ->
                    type == ColumnType.NUMERICAL;
        };
    }

    /**
     * Returns whether a score means drift at the given threshold, with Evidently's comparison for this test.
     *
     * @param score the test's p-value or distance
     * @param threshold the significance level or distance threshold
     */
    public boolean drifted(double score, double threshold) {
        return switch (this) {
            case KS, CRAMER_VON_MISES -> score <= threshold;
            case CHISQUARE, Z, ANDERSON, MANNW, T_TEST, ES, FISHER_EXACT, TVD, EMPIRICAL_MMD -> score < threshold;
            case WASSERSTEIN, PSI, JENSENSHANNON, KL_DIV, HELLINGER -> score >= threshold;
            case ED -> score > threshold;
        };
    }

    /**
     * Returns the test with Evidently's id.
     *
     * @param id Evidently's name, e.g. {@code "kl_div"}; not null
     * @throws io.capstan.core.CapstanException with {@code INVALID_PARAMETER_VALUE} if no test has that id
     */
    public static StatTest fromId(String id) {
        java.util.Objects.requireNonNull(id, "id is null");
        for (StatTest test : values()) {
            if (test.id.equals(id)) {
                return test;
            }
        }
        throw new io.capstan.core.CapstanException(io.capstan.core.ErrorCode.INVALID_PARAMETER_VALUE,
                "Unknown drift stat test '%s'", id);
    }
}
