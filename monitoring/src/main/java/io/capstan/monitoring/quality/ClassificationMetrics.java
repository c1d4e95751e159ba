package io.capstan.monitoring.quality;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Classification quality as scikit-learn defines it: {@code accuracy_score}; {@code precision_score},
 * {@code recall_score} and {@code f1_score} for one positive label ({@code average="binary"}) or
 * macro-averaged over the labels seen in the truth or the predictions (a label never predicted has
 * precision 0, as with {@code zero_division=0}); {@code roc_auc_score} for the positive label's score,
 * or macro one-vs-rest over the score's classes. AUC is left out where scikit-learn refuses to define
 * it (one class only in the truth, classes that do not match the score's columns). Stateless.
 */
public final class ClassificationMetrics {
    private ClassificationMetrics() {
    }

    /**
     * Returns the metrics, in the order accuracy, precision, recall, f1, auc.
     *
     * @param truth true labels, canonical text; not empty
     * @param predicted predicted labels, same length
     * @param scores per row the class scores (or one score), or null for no AUC
     * @param classes the class of each score column; empty for {@code "0", "1", …}
     * @param positiveLabel the positive class, or null for macro averages
     */
    public static Map<String, Double> compute(List<String> truth, List<String> predicted, double[][] scores,
            List<String> classes, String positiveLabel) {
        requireNonNull(truth, "truth is null");
        requireNonNull(predicted, "predicted is null");
        requireNonNull(classes, "classes is null");
        if (truth.isEmpty() || truth.size() != predicted.size()) {
            throw new IllegalArgumentException("need as many predictions as labels, and at least one");
        }
        int n = truth.size();
        Map<String, Double> metrics = new LinkedHashMap<>();
        int correct = 0;
        for (int i = 0; i < n; i++) {
            if (truth.get(i).equals(predicted.get(i))) {
                correct++;
            }
        }
        metrics.put("accuracy", (double) correct / n);
        List<String> labels;
        if (positiveLabel != null) {
            labels = List.of(positiveLabel);
        } else {
            TreeSet<String> union = new TreeSet<>(truth);
            union.addAll(predicted);
            labels = new ArrayList<>(union);
        }
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        for (String label : labels) {
            long tp = 0;
            long fp = 0;
            long fn = 0;
            for (int i = 0; i < n; i++) {
                boolean isTrue = truth.get(i).equals(label);
                boolean isPredicted = predicted.get(i).equals(label);
                if (isTrue && isPredicted) {
                    tp++;
                } else if (isPredicted) {
                    fp++;
                } else if (isTrue) {
                    fn++;
                }
            }
            precision += tp + fp == 0 ? 0 : (double) tp / (tp + fp);
            recall += tp + fn == 0 ? 0 : (double) tp / (tp + fn);
            f1 += 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
        }
        metrics.put("precision", precision / labels.size());
        metrics.put("recall", recall / labels.size());
        metrics.put("f1", f1 / labels.size());
        if (scores != null) {
            double auc = auc(truth, scores, classes, positiveLabel);
            if (!Double.isNaN(auc)) {
                metrics.put("auc", auc);
            }
        }
        return metrics;
    }

    private static double auc(List<String> truth, double[][] scores, List<String> classes, String positiveLabel) {
        int width = scores.length == 0 ? 0 : scores[0].length;
        for (double[] row : scores) {
            if (row.length != width) {
                return Double.NaN;
            }
        }
        List<String> columns = classes.isEmpty() ? defaultClasses(width) : classes;
        if (width == 1) {
            String positive = positiveLabel != null ? positiveLabel
                    : new TreeSet<>(truth).size() == 2 ? new TreeSet<>(truth).last() : null;
            return positive == null ? Double.NaN : binaryAuc(truth, column(scores, 0), positive);
        }
        if (columns.size() != width) {
            return Double.NaN;
        }
        if (positiveLabel != null || width == 2) {
            String positive = positiveLabel != null ? positiveLabel : columns.get(1);
            int index = columns.indexOf(positive);
            return index < 0 ? Double.NaN : binaryAuc(truth, column(scores, index), positive);
        }
        double sum = 0;
        for (int c = 0; c < width; c++) {
            double auc = binaryAuc(truth, column(scores, c), columns.get(c));
            if (Double.isNaN(auc)) {
                return Double.NaN;
            }
            sum += auc;
        }
        return sum / width;
    }

    private static List<String> defaultClasses(int width) {
        List<String> names = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    private static double[] column(double[][] scores, int index) {
        double[] values = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            values[i] = scores[i][index];
        }
        return values;
    }

    /**
     * The area under the ROC curve of {@code score} for {@code truth == positive}: the Mann-Whitney U of
     * the positives' ranks (ties at their mean rank) over positives × negatives, which is what
     * scikit-learn's trapezoidal ROC area comes to. NaN with only one class, or a non-finite score.
     */
    static double binaryAuc(List<String> truth, double[] score, String positive) {
        int n = score.length;
        Integer[] order = new Integer[n];
        long positives = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(score[i])) {
                return Double.NaN;
            }
            order[i] = i;
            if (truth.get(i).equals(positive)) {
                positives++;
            }
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double positiveRanks = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double meanRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (truth.get(order[k]).equals(positive)) {
                    positiveRanks += meanRank;
                }
            }
            i = j + 1;
        }
        return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
