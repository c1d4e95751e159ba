package io.capstan.serving;

import io.capstan.serving.inferencelog.RequestStamps.RequestStamp;
import io.capstan.serving.spi.ModelOutput;
import io.capstan.serving.spi.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the inference routes ask: which loaded model answers a request for a name (and maybe a
 * version), and what to do once it has answered. A standalone server has a fixed set of models
 * ({@link ServedModels}); {@code capstan server} routes through deployments (canary weights,
 * sticky routing, shadows, windows for auto-rollback).
 *
 * <p>Implementations are thread-safe.
 */
public interface ModelEndpoints {

    /**
     * One request's route.
     *
     * @param model the version that answers; not null
     * @param deployment the deployment that chose it, or null
     * @param completion told how the request went; not null
     */
    record Selection(ServedModel model, String deployment, Completion completion) {
    }

    /** Hears how a routed request went: statistics per version, shadow copies. */
    interface Completion {
        /**
         * @param stamp the request's id and arrival time
         * @param ok whether the model answered
         * @param nanos the request's time in the server
         * @param inputs the tensors the model got; empty when the request failed before that
         * @param outputs what it answered; empty on failure
         */
        void completed(RequestStamp stamp, boolean ok, long nanos, Map<String, Tensor> inputs,
                Map<String, ? extends ModelOutput> outputs);

        Completion NONE = (stamp, ok, nanos, inputs, outputs) -> { };
    }

    /**
     * The model that answers a request.
     *
     * @param name the name in the URL; not null
     * @param version the version in the URL, or null to let the server choose
     * @param headers the request's headers by name (null when absent), for sticky routing
     * @throws io.capstan.core.CapstanException RESOURCE_DOES_NOT_EXIST for an unknown name or
     *     version; TEMPORARILY_UNAVAILABLE when nothing can answer right now
     */
    Selection select(String name, String version, UnaryOperator<String> headers);

    /** Every version answering under {@code name}, oldest first. @throws io.capstan.core.CapstanException as select */
    List<ServedModel> versions(String name);

    /** Every model loaded, for the repository index. */
    List<ServedModel> all();
}
