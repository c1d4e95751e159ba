package io.capstan.tracking;

import java.util.List;
import java.util.Objects;

/** A dataset used by a run, with input tags such as {@code mlflow.data.context}. */
public record DatasetInput(List<Tag> tags, Dataset dataset) {
    /** The input tag naming how the dataset was used (training, eval, ...). */
    public static final String CONTEXT_TAG = "mlflow.data.context";

    public DatasetInput {
        tags = List.copyOf(tags);
        Objects.requireNonNull(dataset, "dataset is null");
    }
}
