package io.capstan.monitoring.monitor;

import io.capstan.core.CapstanException;
import io.capstan.monitoring.quality.Labels;
import io.capstan.monitoring.spi.ServedRequest;
import io.capstan.monitoring.spi.ServedTensor;
import io.capstan.monitoring.table.Table;
import io.capstan.monitoring.table.TableColumn;
import io.capstan.monitoring.table.TableColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a window of served requests into a table the drift tests can read, and collects what the
 * requests predicted for quality.
 *
 * <p>Columns: a 1-D tensor, or a {@code [rows, 1]} one, is one column named after the tensor. A
 * {@code [rows, features]} input is one column per feature, named by the monitor's
 * {@code feature_names}, else by the reference's columns when exactly as many of them are left once
 * the other columns' names are taken (or one more, the last named like a label: {@code target},
 * {@code label}, {@code y}, {@code class}, …), else {@code <tensor>_<i>}. Outputs follow the same rules but are
 * never named from the reference ({@code probabilities_0}, …). Tensors of rank 0 or above 2 are left
 * out. The first request decides the layout; a request with another layout (other tensors, widths or
 * types) is left out and counted.
 */
final class TrafficTable {
    /**
     * A window's table and predictions.
     *
     * @param table the columns, one row per served row
     * @param predictions per request, what it predicted; empty without a quality spec
     * @param skippedRequests requests left out because their layout differs from the first one's
     * @param notes what was left out and why, for the window's message; copied
     */
    record Built(Table table, List<ServedPrediction> predictions, int skippedRequests, List<String> notes) {
        Built {
            predictions = List.copyOf(predictions);
            notes = List.copyOf(notes);
        }
    }

    private enum Kind { NUMBER, STRING, BOOLEAN }

    /** Names a training set's label column commonly has (lower case). */
    private static final Set<String> TARGET_NAMES = Set.of("target", "label", "labels", "y", "class", "species",
            "outcome", "ground_truth", "truth");

    /** One tensor of the layout and the columns it becomes. */
    private record Slot(boolean input, int index, String tensor, Kind kind, int width, List<String> columns) {
    }

    private TrafficTable() {
    }

    /**
     * Builds the table.
     *
     * @param requests the window's requests
     * @param featureNames the monitor's {@code feature_names}
     * @param referenceColumns the reference's column names, in order
     * @param quality the monitor's quality spec, or null
     * @throws CapstanException INVALID_PARAMETER_VALUE when {@code feature_names} does not fit the inputs
     */
    static Built build(List<ServedRequest> requests, List<String> featureNames, List<String> referenceColumns,
            QualitySpec quality) {
        List<String> notes = new ArrayList<>();
        if (requests.isEmpty()) {
            return new Built(Table.of(List.of()), List.of(), 0, notes);
        }
        List<Slot> slots = layout(requests.get(0), featureNames, referenceColumns, notes);
        int totalRows = 0;
        List<ServedRequest> kept = new ArrayList<>(requests.size());
        int skipped = 0;
        for (ServedRequest request : requests) {
            if (fits(request, slots)) {
                kept.add(request);
                totalRows += request.rows();
            } else {
                skipped++;
            }
        }
        if (skipped > 0) {
            notes.add(skipped + " request(s) with another input/output layout than the first were left out");
        }
        List<TableColumn> columns = new ArrayList<>();
        for (Slot slot : slots) {
            columns.addAll(columns(slot, kept, totalRows));
        }
        List<ServedPrediction> predictions = quality == null ? List.of() : predictions(kept, quality, notes);
        return new Built(Table.of(columns), predictions, skipped, notes);
    }

    private static List<Slot> layout(ServedRequest first, List<String> featureNames, List<String> referenceColumns,
            List<String> notes) {
        List<Slot> slots = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        List<int[]> wide = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            List<ServedTensor> tensors = side == 0 ? first.inputs() : first.outputs();
            for (int i = 0; i < tensors.size(); i++) {
                ServedTensor t = tensors.get(i);
                int rank = t.shape().length;
                if (rank == 0 || rank > 2) {
                    notes.add("tensor '" + t.name() + "' of rank " + rank + " is not monitored");
                    continue;
                }
                int width = rank == 1 ? 1 : (int) t.shape()[1];
                if (width == 1 || side == 1) {
                    List<String> names = width == 1 ? List.of(t.name()) : numbered(t.name(), width);
                    slots.add(new Slot(side == 0, i, t.name(), kind(t), width, names));
                    taken.addAll(names);
                } else {
                    wide.add(new int[] {i, width});
                    slots.add(null);
                }
            }
        }
        if (!featureNames.isEmpty() && wide.size() != 1) {
            throw CapstanException.invalid("'feature_names' names the columns of one 2-D input tensor, but the "
                    + "requests have %d", wide.size());
        }
        int w = 0;
        for (int s = 0; s < slots.size(); s++) {
            if (slots.get(s) != null) {
                continue;
            }
            int index = wide.get(w)[0];
            int width = wide.get(w)[1];
            w++;
            ServedTensor t = first.inputs().get(index);
            List<String> names;
            if (!featureNames.isEmpty()) {
                if (featureNames.size() != width) {
                    throw CapstanException.invalid("'feature_names' has %d names but input '%s' has %d features",
                            featureNames.size(), t.name(), width);
                }
                names = featureNames;
            } else {
                List<String> left = new ArrayList<>(new LinkedHashSet<>(referenceColumns));
                left.removeAll(taken);
                if (wide.size() == 1 && left.size() == width) {
                    names = left;
                } else if (wide.size() == 1 && left.size() == width + 1
                        && TARGET_NAMES.contains(left.get(width).toLowerCase(java.util.Locale.ROOT))) {
                    // training data often ends with its label column: the features are the others
                    names = left.subList(0, width);
                    notes.add("input '" + t.name() + "' named by the reference's first " + width + " columns ('"
                            + left.get(width) + "' taken for the label; set feature_names to be sure)");
                } else {
                    names = numbered(t.name(), width);
                    notes.add("input '" + t.name() + "' has " + width + " features, named " + t.name() + "_0…"
                            + t.name() + "_" + (width - 1) + " (set feature_names to use the reference's names)");
                }
            }
            slots.set(s, new Slot(true, index, t.name(), kind(t), width, names));
        }
        slots.removeIf(java.util.Objects::isNull);
        return slots;
    }

    private static List<String> numbered(String tensor, int width) {
        List<String> names = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            names.add(tensor + "_" + i);
        }
        return names;
    }

    private static Kind kind(ServedTensor t) {
        return switch (t) {
            case ServedTensor.Numbers n -> Kind.NUMBER;
            case ServedTensor.Strings s -> Kind.STRING;
            case ServedTensor.Booleans b -> Kind.BOOLEAN;
        };
    }

    private static ServedTensor tensor(ServedRequest request, Slot slot) {
        List<ServedTensor> tensors = slot.input() ? request.inputs() : request.outputs();
        return slot.index() < tensors.size() ? tensors.get(slot.index()) : null;
    }

    private static boolean fits(ServedRequest request, List<Slot> slots) {
        int rows = request.rows();
        for (Slot slot : slots) {
            ServedTensor t = tensor(request, slot);
            if (t == null || !t.name().equals(slot.tensor()) || kind(t) != slot.kind() || t.rows() != rows
                    || t.size() != (long) rows * slot.width()) {
                return false;
            }
        }
        return true;
    }

    private static List<TableColumn> columns(Slot slot, List<ServedRequest> requests, int totalRows) {
        int width = slot.width();
        List<TableColumn> columns = new ArrayList<>(width);
        switch (slot.kind()) {
            case NUMBER -> {
                double[][] values = new double[width][totalRows];
                boolean integer = true;
                int row = 0;
                for (ServedRequest request : requests) {
                    ServedTensor.Numbers t = (ServedTensor.Numbers) tensor(request, slot);
                    integer &= t.integer();
                    double[] data = t.values();
                    for (int r = 0; r < t.rows(); r++, row++) {
                        for (int c = 0; c < width; c++) {
                            values[c][row] = data[r * width + c];
                        }
                    }
                }
                for (int c = 0; c < width; c++) {
                    columns.add(TableColumns.numbers(slot.columns().get(c), values[c], integer));
                }
            }
            case STRING -> {
                String[][] values = new String[width][totalRows];
                int row = 0;
                for (ServedRequest request : requests) {
                    ServedTensor.Strings t = (ServedTensor.Strings) tensor(request, slot);
                    for (int r = 0; r < t.rows(); r++, row++) {
                        for (int c = 0; c < width; c++) {
                            values[c][row] = t.values()[r * width + c];
                        }
                    }
                }
                for (int c = 0; c < width; c++) {
                    columns.add(TableColumns.strings(slot.columns().get(c), values[c]));
                }
            }
            case BOOLEAN -> {
                Boolean[][] values = new Boolean[width][totalRows];
                int row = 0;
                for (ServedRequest request : requests) {
                    ServedTensor.Booleans t = (ServedTensor.Booleans) tensor(request, slot);
                    for (int r = 0; r < t.rows(); r++, row++) {
                        for (int c = 0; c < width; c++) {
                            values[c][row] = t.values()[r * width + c];
                        }
                    }
                }
                for (int c = 0; c < width; c++) {
                    columns.add(TableColumns.booleans(slot.columns().get(c), values[c]));
                }
            }
        }
        return columns;
    }

    private static List<ServedPrediction> predictions(List<ServedRequest> requests, QualitySpec quality,
            List<String> notes) {
        List<ServedPrediction> predictions = new ArrayList<>(requests.size());
        boolean missingPrediction = false;
        boolean missingScore = false;
        for (ServedRequest request : requests) {
            ServedTensor predicted = output(request, quality.prediction());
            if (predicted == null || predicted.size() != request.rows()) {
                missingPrediction = true;
                continue;
            }
            List<String> labels = labels(predicted);
            double[][] scores = null;
            if (quality.score() != null) {
                ServedTensor score = output(request, quality.score());
                if (score instanceof ServedTensor.Numbers numbers && score.rows() == request.rows()
                        && score.size() % Math.max(1, score.rows()) == 0 && score.rows() > 0) {
                    int width = score.size() / score.rows();
                    scores = new double[score.rows()][];
                    for (int r = 0; r < score.rows(); r++) {
                        scores[r] = Arrays.copyOfRange(numbers.values(), r * width, (r + 1) * width);
                    }
                } else {
                    missingScore = true;
                }
            }
            predictions.add(new ServedPrediction(request.requestId(), labels, scores));
        }
        if (missingPrediction) {
            notes.add("some requests have no output '" + quality.prediction() + "' with one value per row; "
                    + "their quality is not measured");
        }
        if (missingScore) {
            notes.add("some requests have no numeric output '" + quality.score() + "'; AUC leaves them out");
        }
        return predictions;
    }

    private static ServedTensor output(ServedRequest request, String name) {
        for (ServedTensor t : request.outputs()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    static List<String> labels(ServedTensor tensor) {
        List<String> labels = new ArrayList<>(tensor.size());
        switch (tensor) {
            case ServedTensor.Numbers n -> {
                for (double v : n.values()) {
                    labels.add(Labels.canonical(v));
                }
            }
            case ServedTensor.Strings s -> labels.addAll(Arrays.asList(s.values()));
            case ServedTensor.Booleans b -> {
                for (boolean v : b.values()) {
                    labels.add(Labels.canonical(v));
                }
            }
        }
        return labels;
    }
}
