package io.capstan.monitoring.drift;

import io.capstan.monitoring.spi.ColumnBatchSink.Kind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * One column's summary in sketch mode, built one batch at a time in memory that does not grow with the
 * number of rows: row and missing counts; for numbers a KLL quantile sketch, exact min/max (kept by the
 * sketch), running mean and squared deviations (Welford), exact counts per value while there are at
 * most {@value #NUMERIC_DISTINCT} distinct values, and every value while there are at most
 * {@link SketchOptions#EXACT_VALUES}; for strings and booleans exact counts per value up to the
 * configured cap. Not thread-safe: one scan feeds it from one thread.
 */
final class ColumnSketch {
    /** Distinct numbers counted exactly; enough for every rule that reads distinct counts (≤ 20, ≤ 10, ≤ 5). */
    static final int NUMERIC_DISTINCT = 1000;
    /** HLL size for distinct strings: 2^12 buckets, relative error about 1.6% (one standard error). */
    static final int DISTINCT_LG_K = 12;

    private final String name;
    private final Kind kind;
    private final SketchOptions options;
    private long rows;
    private long missing;
    private boolean nullSeen;

    private KllDoublesSketch kll;
    private double[] scratch;
    private long present;
    private double mean;
    private double m2;
    private double[] exact = new double[256];
    private int exactSize;
    private Map<Double, long[]> numberCounts = new HashMap<>();

    private Map<String, long[]> categories = new HashMap<>();
    private boolean categoryOverflow;
    /** Distinct strings, estimated, for the text rule once the exact counts stop at the cap. */
    private final HllSketch distinct;

    ColumnSketch(String name, Kind kind, SketchOptions options) {
        this.name = name;
        this.kind = kind;
        this.options = options;
        if (kind == Kind.INTEGER || kind == Kind.FLOAT) {
            kll = KllDoublesSketch.newHeapInstance(options.k());
            scratch = new double[0];
            categories = null;
        } else {
            exact = null;
            numberCounts = null;
        }
        distinct = kind == Kind.STRING ? new HllSketch(DISTINCT_LG_K) : null;
    }

    void addNumbers(double[] values, int count) {
        if (scratch.length < count) {
            scratch = new double[count];
        }
        rows += count;
        int kept = 0;
        double last = Double.NaN;
        long[] lastCounter = null;
        for (int i = 0; i < count; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                missing++;
                nullSeen |= Double.isNaN(v);
                continue;
            }
            v += 0.0;
            present++;
            double delta = v - mean;
            mean += delta / present;
            m2 += delta * (v - mean);
            scratch[kept++] = v;
            if (numberCounts != null) {
                // runs of one value are common; only a change needs the (boxing) lookup
                if (lastCounter == null || v != last) {
                    lastCounter = numberCounts.computeIfAbsent(v, x -> new long[1]);
                    last = v;
                    if (numberCounts.size() > NUMERIC_DISTINCT) {
                        numberCounts = null;
                        lastCounter = null;
                        continue;
                    }
                }
                lastCounter[0]++;
            }
        }
        if (exact != null) {
            if (exactSize + kept > SketchOptions.EXACT_VALUES) {
                exact = null;
            } else {
                if (exactSize + kept > exact.length) {
                    exact = Arrays.copyOf(exact, Math.min(SketchOptions.EXACT_VALUES, Math.max(exact.length * 2, exactSize + kept)));
                }
                System.arraycopy(scratch, 0, exact, exactSize, kept);
                exactSize += kept;
            }
        }
        kll.update(scratch, 0, kept);
    }

    void addStrings(String[] values, int count) {
        rows += count;
        for (int i = 0; i < count; i++) {
            if (values[i] == null) {
                missing++;
            } else {
                countCategory(values[i]);
                if (categories == null) {
                    distinct.update(values[i]);
                }
            }
        }
    }

    void addBooleans(Boolean[] values, int count) {
        rows += count;
        for (int i = 0; i < count; i++) {
            if (values[i] == null) {
                missing++;
            } else {
                countCategory(values[i] ? "True" : "False");
            }
        }
    }

    void addOthers(int count) {
        rows += count;
    }

    private void countCategory(String value) {
        if (categories == null) {
            return;
        }
        long[] counter = categories.get(value);
        if (counter == null) {
            if (categories.size() >= options.maxCategories()) {
                // from here on distinct values are estimated: the counted ones seed the estimate
                categories.keySet().forEach(distinct == null ? v -> { } : distinct::update);
                categories = null;
                categoryOverflow = true;
                return;
            }
            counter = new long[1];
            categories.put(value, counter);
        }
        counter[0]++;
    }

    String name() {
        return name;
    }

    Kind kind() {
        return kind;
    }

    boolean isNumber() {
        return kind == Kind.INTEGER || kind == Kind.FLOAT;
    }

    /** pandas' type: an integer column with a missing value is float. */
    boolean isIntegerTyped() {
        return kind == Kind.INTEGER && !nullSeen;
    }

    /** The type's name as the exact tables name it, for messages. */
    String typeName() {
        return switch (kind) {
            case INTEGER -> isIntegerTyped() ? "integer" : "float";
            case FLOAT -> "float";
            case BOOLEAN -> "boolean";
            case STRING -> "string";
            case OTHER -> "other";
        };
    }

    long rows() {
        return rows;
    }

    long missing() {
        return missing;
    }

    long present() {
        return rows - missing;
    }

    KllDoublesSketch kll() {
        return kll;
    }

    double mean() {
        return mean;
    }

    /** Sum of squared deviations from the mean. */
    double m2() {
        return m2;
    }

    double populationStd() {
        return present == 0 ? 0.0 : Math.sqrt(m2 / present);
    }

    /** Every present value in order, when there are at most {@link SketchOptions#EXACT_VALUES}; else null. */
    double[] exactValues() {
        return exact == null ? null : Arrays.copyOf(exact, exactSize);
    }

    /** Counts per number in ascending order while there are at most {@value #NUMERIC_DISTINCT} distinct; else null. */
    TreeMap<Double, Long> numberCounts() {
        if (numberCounts == null) {
            return null;
        }
        TreeMap<Double, Long> sorted = new TreeMap<>();
        numberCounts.forEach((v, n) -> sorted.put(v, n[0]));
        return sorted;
    }

    /** Counts per category in ascending order, or null past the cap. */
    TreeMap<String, Long> categoryCounts() {
        if (categories == null) {
            return null;
        }
        TreeMap<String, Long> sorted = new TreeMap<>();
        categories.forEach((v, n) -> sorted.put(v, n[0]));
        return sorted;
    }

    /** An estimate of the distinct strings (exact under the cap). */
    double distinctEstimate() {
        return categories != null ? categories.size() : distinct == null ? 0 : distinct.getEstimate();
    }

    boolean categoryOverflow() {
        return categoryOverflow;
    }
}
