package io.capstan.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import java.util.List;

/**
 * The true labels of one served request, posted after the fact.
 *
 * @param requestId the id the deployment returned with its answer; 1-256 characters
 * @param labels one label per row of the request, as canonical text; copied, not empty
 */
public record GroundTruth(String requestId, List<String> labels) {
    /** The longest request id accepted. */
    public static final int MAX_REQUEST_ID = 256;

    public GroundTruth {
        requireNonNull(requestId, "requestId is null");
        labels = List.copyOf(requireNonNull(labels, "labels is null"));
        if (requestId.isEmpty() || requestId.length() > MAX_REQUEST_ID) {
            throw CapstanException.invalid("'request_id' must be 1-%d characters", MAX_REQUEST_ID);
        }
        if (labels.isEmpty()) {
            throw CapstanException.invalid("Request '%s' has an empty list of labels", requestId);
        }
    }
}
