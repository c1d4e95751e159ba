package io.capstan.serving;

import static java.util.Objects.requireNonNull;

import io.capstan.serving.inferencelog.InferenceLog;
import io.capstan.serving.inferencelog.InferenceRecord;
import io.capstan.serving.inferencelog.RequestStamps;
import io.capstan.serving.inferencelog.RequestStamps.RequestStamp;
import io.capstan.serving.spi.ModelOutput;
import io.capstan.serving.spi.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gives every inference request its id (returned to the caller, so late ground truth can be
 * joined) and, when an inference log is configured, appends what the request did. Outputs that
 * are not tensors (a ZipMap's maps) are not logged; the log holds tensors.
 *
 * <p>Thread-safe.
 */
public final class InferenceRecorder {
    private final Optional<InferenceLog> log;
    private final RequestStamps stamps;

    /**
     * @param log where records go; empty to only hand out request ids
     * @param stamps request ids and arrival times; not null
     */
    public InferenceRecorder(Optional<InferenceLog> log, RequestStamps stamps) {
        this.log = requireNonNull(log, "log is null");
        this.stamps = requireNonNull(stamps, "stamps is null");
    }

    /** A new request's id and arrival time. */
    public RequestStamp start() {
        return stamps.next();
    }

    /**
     * Logs one request (a no-op without a log). Returns once the log acknowledged it, which for a
     * durable log means it is on disk.
     *
     * @param deployment the deployment that routed it, or null
     * @param status {@link InferenceRecord#OK} or an error code's name
     */
    public void record(RequestStamp stamp, ServedModel model, String deployment, Map<String, Tensor> inputs,
            Map<String, ? extends ModelOutput> outputs, long latencyMicros, String status) {
        if (log.isEmpty()) {
            return;
        }
        List<Tensor> tensors = new ArrayList<>();
        for (ModelOutput output : outputs.values()) {
            if (output instanceof Tensor tensor) {
                tensors.add(tensor);
            }
        }
        log.get().append(new InferenceRecord(stamp.requestId(), stamp.timestamp(), model.name(), model.version(),
                deployment, List.copyOf(inputs.values()), tensors, latencyMicros, status));
    }
}
