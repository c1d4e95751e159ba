package io.capstan.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import java.util.HashSet;
import java.util.List;

/**
 * How a monitor measures model quality once the true labels are known.
 *
 * @param task classification or regression
 * @param prediction the output tensor (or dataset column) with the predicted label or value; not blank
 * @param score the output (or column) with class probabilities ({@code [rows, classes]}) or one score per
 *     row, for ROC AUC; null for none
 * @param target the dataset column with the true label (dataset sources only); null for ground truth
 *     posted by request id
 * @param positiveLabel the class precision, recall, F1 and AUC are computed for; null for macro averages
 * @param classes the class labels in the order of the score's columns; empty for {@code "0", "1", …}
 */
public record QualitySpec(Task task, String prediction, String score, String target, String positiveLabel,
        List<String> classes) {

    /** What kind of model is measured. */
    public enum Task {
        /** Labels: accuracy, precision, recall, F1, ROC AUC. */
        CLASSIFICATION,
        /** Numbers: RMSE, MAE, R². */
        REGRESSION;

        /** The JSON name. */
        public String id() {
            return switch (this) {
                case CLASSIFICATION -> "classification";
                case REGRESSION -> "regression";
            };
        }

        /** @throws CapstanException INVALID_PARAMETER_VALUE for an unknown name */
        public static Task fromId(String id) {
            for (Task t : values()) {
                if (t.id().equals(id)) {
                    return t;
                }
            }
            throw CapstanException.invalid("'quality.task' must be 'classification' or 'regression', got '%s'", id);
        }
    }

    public QualitySpec {
        requireNonNull(task, "task is null");
        requireNonNull(prediction, "prediction is null");
        classes = List.copyOf(requireNonNull(classes, "classes is null"));
        if (prediction.isBlank()) {
            throw CapstanException.invalid("'quality.prediction' must name the output holding the prediction");
        }
        if (task == Task.REGRESSION && (score != null || positiveLabel != null || !classes.isEmpty())) {
            throw CapstanException.invalid("'quality.score', 'positive_label' and 'classes' apply to classification only");
        }
        if (new HashSet<>(classes).size() != classes.size()) {
            throw CapstanException.invalid("'quality.classes' lists a class twice");
        }
    }
}
