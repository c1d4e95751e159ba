package io.capstan.monitoring.monitor;

import io.capstan.monitoring.quality.ClassificationMetrics;
import io.capstan.monitoring.quality.Labels;
import io.capstan.monitoring.quality.RegressionMetrics;
import io.capstan.monitoring.table.BooleanColumn;
import io.capstan.monitoring.table.NumberColumn;
import io.capstan.monitoring.table.StringColumn;
import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.table.TableColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A window's quality from predictions joined with their true labels (deployments), or from a
 * dataset's prediction and target columns. Rows whose labels do not line up with the request's rows,
 * or whose value is missing or (for regression) not a number, are left out. Stateless.
 */
final class QualityMeasure {
    private QualityMeasure() {
    }

    /**
     * Joins predictions with labels by request id.
     *
     * @return the quality, or null when no row is labelled
     */
    static Quality joined(QualitySpec spec, List<ServedPrediction> predictions, Map<String, List<String>> labels) {
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        boolean allScored = true;
        for (ServedPrediction p : predictions) {
            List<String> known = labels.get(p.requestId());
            if (known == null || known.size() != p.predictions().size()) {
                continue;
            }
            for (int r = 0; r < known.size(); r++) {
                truth.add(known.get(r));
                predicted.add(p.predictions().get(r));
                if (p.scores() == null) {
                    allScored = false;
                } else {
                    scores.add(p.scores()[r]);
                }
            }
        }
        return measure(spec, truth, predicted, allScored ? scores.toArray(double[][]::new) : null);
    }

    /**
     * Reads the target, prediction and score columns of a dataset window.
     *
     * @return the quality, or null when no row has both a label and a prediction
     * @throws io.capstan.core.CapstanException INVALID_PARAMETER_VALUE when a named column is missing
     */
    static Quality fromTable(QualitySpec spec, Table table) {
        List<String> truth = texts(required(table, spec.target(), "quality.target"));
        List<String> predicted = texts(required(table, spec.prediction(), "quality.prediction"));
        double[][] scores = null;
        if (spec.score() != null) {
            scores = scores(table, spec.score());
        }
        List<String> t = new ArrayList<>();
        List<String> p = new ArrayList<>();
        List<double[]> s = new ArrayList<>();
        for (int i = 0; i < truth.size(); i++) {
            if (truth.get(i) != null && predicted.get(i) != null) {
                t.add(truth.get(i));
                p.add(predicted.get(i));
                if (scores != null) {
                    s.add(scores[i]);
                }
            }
        }
        return measure(spec, t, p, scores == null ? null : s.toArray(double[][]::new));
    }

    private static Quality measure(QualitySpec spec, List<String> truth, List<String> predicted, double[][] scores) {
        return switch (spec.task()) {
            case CLASSIFICATION -> truth.isEmpty() ? null : new Quality(truth.size(), ClassificationMetrics.compute(
                    truth, predicted, scores, spec.classes(), spec.positiveLabel()));
            case REGRESSION -> {
                double[] y = new double[truth.size()];
                double[] yHat = new double[truth.size()];
                int n = 0;
                for (int i = 0; i < truth.size(); i++) {
                    double a = Labels.number(truth.get(i));
                    double b = Labels.number(predicted.get(i));
                    if (Double.isFinite(a) && Double.isFinite(b)) {
                        y[n] = a;
                        yHat[n] = b;
                        n++;
                    }
                }
                yield n == 0 ? null : new Quality(n, RegressionMetrics.compute(java.util.Arrays.copyOf(y, n),
                        java.util.Arrays.copyOf(yHat, n)));
            }
        };
    }

    private static TableColumn required(Table table, String name, String field) {
        Optional<TableColumn> column = table.column(name);
        if (column.isEmpty()) {
            throw io.capstan.core.CapstanException.invalid("'%s' names column '%s', which the data does not have",
                    field, name);
        }
        return column.get();
    }

    private static List<String> texts(TableColumn column) {
        List<String> out = new ArrayList<>(column.size());
        switch (column) {
            case NumberColumn n -> {
                for (double v : n.valuesView()) {
                    out.add(Double.isNaN(v) ? null : Labels.canonical(v));
                }
            }
            case StringColumn s -> out.addAll(java.util.Arrays.asList(s.valuesView()));
            case BooleanColumn b -> {
                for (Boolean v : b.valuesView()) {
                    out.add(v == null ? null : Labels.canonical(v));
                }
            }
            case io.capstan.monitoring.table.OtherColumn o -> throw io.capstan.core.CapstanException.invalid(
                    "Column '%s' of type %s cannot hold labels", o.name(), o.typeName());
            case io.capstan.monitoring.table.CountedColumn counted -> throw counted.noRows();
        }
        return out;
    }

    /** One score column, or the columns {@code <score>_0 … <score>_k}. */
    private static double[][] scores(Table table, String name) {
        List<NumberColumn> columns = new ArrayList<>();
        Optional<TableColumn> single = table.column(name);
        if (single.isPresent()) {
            if (!(single.get() instanceof NumberColumn n)) {
                throw io.capstan.core.CapstanException.invalid("'quality.score' column '%s' must hold numbers", name);
            }
            columns.add(n);
        } else {
            for (int i = 0; table.column(name + "_" + i).isPresent(); i++) {
                if (!(table.column(name + "_" + i).get() instanceof NumberColumn n)) {
                    throw io.capstan.core.CapstanException.invalid("Score column '%s_%d' must hold numbers", name, i);
                }
                columns.add(n);
            }
            if (columns.isEmpty()) {
                throw io.capstan.core.CapstanException.invalid(
                        "'quality.score' names column '%s' (or '%s_0', …), which the data does not have", name, name);
            }
        }
        double[][] scores = new double[table.rowCount()][columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            double[] values = columns.get(c).valuesView();
            for (int r = 0; r < values.length; r++) {
                scores[r][c] = values[r];
            }
        }
        return scores;
    }
}
