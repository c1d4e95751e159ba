package io.capstan.monitoring.drift;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.util.Arrays;
import java.util.Locale;

/**
 * A multiple-testing correction over the p-values of one drift run, computed as
 * {@code statsmodels.stats.multitest.multipletests(pvals, method=...)} computes its
 * {@code pvals_corrected}. Stateless and thread-safe.
 *
 * <p>With m p-values sorted ascending, p<sub>(1)</sub> ≤ … ≤ p<sub>(m)</sub>, the adjusted values are
 * (each capped at 1):
 * <ul>
 *   <li>Bonferroni: m·p<sub>i</sub>;
 *   <li>Holm (step-down): max<sub>j≤i</sub> (m − j + 1)·p<sub>(j)</sub>;
 *   <li>Benjamini–Hochberg (step-up, false discovery rate): min<sub>j≥i</sub> p<sub>(j)</sub>·m / j;
 *   <li>Benjamini–Yekutieli (any dependence): as Benjamini–Hochberg times c(m) = Σ<sub>k=1..m</sub> 1/k.
 * </ul>
 */
public enum Correction {
    /** Family-wise error rate, any dependence; the most conservative. */
    BONFERRONI("bonferroni", "bonferroni"),
    /** Family-wise error rate, any dependence; uniformly more powerful than Bonferroni. */
    HOLM("holm", "holm"),
    /** False discovery rate for independent or positively dependent tests. */
    BENJAMINI_HOCHBERG("bh", "fdr_bh"),
    /** False discovery rate under any dependence. */
    BENJAMINI_YEKUTIELI("by", "fdr_by");

    private final String id;
    private final String statsmodelsName;

    Correction(String id, String statsmodelsName) {
        this.id = id;
        this.statsmodelsName = statsmodelsName;
    }

    /** Returns Capstan's name: {@code bonferroni}, {@code holm}, {@code bh} or {@code by}. */
    public String id() {
        return id;
    }

    /** Returns statsmodels' {@code method=} name: {@code bonferroni}, {@code holm}, {@code fdr_bh}, {@code fdr_by}. */
    public String statsmodelsName() {
        return statsmodelsName;
    }

    /**
     * Returns the correction with this name, Capstan's or statsmodels' (case-insensitive).
     *
     * @throws CapstanException with {@code INVALID_PARAMETER_VALUE} for any other name
     */
    public static Correction fromId(String name) {
        java.util.Objects.requireNonNull(name, "name is null");
        String lower = name.strip().toLowerCase(Locale.ROOT);
        for (Correction c : values()) {
            if (c.id.equals(lower) || c.statsmodelsName.equals(lower)) {
                return c;
            }
        }
        throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                "Unknown multiple-testing correction '%s' (use bonferroni, holm, bh or by)", name);
    }

    /**
     * Returns the adjusted p-values, in the order of {@code pValues}.
     *
     * @param pValues p-values in [0, 1]; not null, not modified
     */
    public double[] adjust(double[] pValues) {
        int m = pValues.length;
        double[] adjusted = new double[m];
        if (m == 0) {
            return adjusted;
        }
        if (this == BONFERRONI) {
            for (int i = 0; i < m; i++) {
                adjusted[i] = Math.min(pValues[i] * m, 1.0);
            }
            return adjusted;
        }
        Integer[] boxed = new Integer[m];
        for (int i = 0; i < m; i++) {
            boxed[i] = i;
        }
        // ties get equal adjusted values whatever their order, so a stable sort is as good as numpy's argsort
        Arrays.sort(boxed, (a, b) -> Double.compare(pValues[a], pValues[b]));
        double[] sorted = new double[m];
        for (int i = 0; i < m; i++) {
            sorted[i] = pValues[boxed[i]];
        }
        double[] corrected = new double[m];
        switch (this) {
            case HOLM -> {
                double running = 0.0;
                for (int i = 0; i < m; i++) {
                    running = Math.max(running, (m - i) * sorted[i]);
                    corrected[i] = running;
                }
            }
            case BENJAMINI_HOCHBERG, BENJAMINI_YEKUTIELI -> {
                double cm = 1.0;
                if (this == BENJAMINI_YEKUTIELI) {
                    double[] reciprocals = new double[m];
                    for (int k = 0; k < m; k++) {
                        reciprocals[k] = 1.0 / (k + 1);
                    }
                    cm = NumpySum.sum(reciprocals);
                }
                double running = Double.POSITIVE_INFINITY;
                for (int i = m - 1; i >= 0; i--) {
                    // statsmodels: ecdffactor = arange(1, m+1) / m (divided by c(m) for BY); p / ecdffactor
                    double factor = (double) (i + 1) / m;
                    if (this == BENJAMINI_YEKUTIELI) {
                        factor = factor / cm;
                    }
                    running = Math.min(running, sorted[i] / factor);
                    corrected[i] = running;
                }
            }
            case BONFERRONI -> throw new IllegalStateException("handled above");
        }
        for (int i = 0; i < m; i++) {
            adjusted[boxed[i]] = Math.min(corrected[i], 1.0);
        }
        return adjusted;
    }
}
