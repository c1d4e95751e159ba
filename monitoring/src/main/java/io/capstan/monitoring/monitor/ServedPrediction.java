package io.capstan.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a deployment predicted for one request, kept until its true labels arrive.
 *
 * @param requestId the request's id; not null
 * @param predictions one label (classification) or value (regression) per row, as canonical text
 *     ({@link io.capstan.monitoring.quality.Labels#canonical}); copied, not null
 * @param scores per row, the class scores (or one score); null when the monitor has no score output
 */
public record ServedPrediction(String requestId, List<String> predictions, double[][] scores) {
    public ServedPrediction {
        requireNonNull(requestId, "requestId is null");
        predictions = List.copyOf(predictions);
        if (scores != null && scores.length != predictions.size()) {
            throw new IllegalArgumentException("scores for " + scores.length + " rows, predictions for "
                    + predictions.size());
        }
    }
}
