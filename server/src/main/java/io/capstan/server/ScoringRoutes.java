package io.capstan.server;

import io.capstan.protocol.Json;
import io.capstan.serving.ServedModel;
import io.capstan.serving.scoring.ScoringInput;
import io.capstan.serving.scoring.ScoringRequests;
import io.capstan.serving.scoring.UnsupportedContentTypeException;
import java.io.IOException;

/**
 * MLflow's scoring protocol for one model, as {@code mlflow models serve} answers it:
 * {@code POST /invocations}, {@code GET /ping}, {@code GET /health} and {@code GET /version}.
 * Errors are MLflow's {@code {"error_code","message"}} (400 for bad input); an unsupported content
 * type is 415 with a plain-text message, as MLflow does.
 */
public final class ScoringRoutes {
    /** The MLflow release whose scoring server these routes follow; {@code /version} answers it. */
    public static final String MLFLOW_SCORING_VERSION = "3.17.2";

    private final ServedModel model;
    private final ScoringRequests requests = new ScoringRequests();
    private final int maxBodyBytes;

    /**
     * @param model the model {@code /invocations} answers for; not null
     * @param maxBodyBytes the largest request accepted (413 beyond)
     */
    public ScoringRoutes(ServedModel model, int maxBodyBytes) {
        this.model = java.util.Objects.requireNonNull(model, "model is null");
        this.maxBodyBytes = maxBodyBytes;
    }

    public void register(Router router) {
        // MLflow answers the probes with a bare newline, typed as JSON
        router.add("GET", "/ping", ex -> ex.bytes(200, "application/json", new byte[] {'\n'}));
        router.add("GET", "/health", ex -> ex.bytes(200, "application/json", new byte[] {'\n'}));
        router.add("GET", "/version", ex -> ex.text(200, MLFLOW_SCORING_VERSION));
        router.add("POST", "/invocations", this::invocations);
    }

    private void invocations(Exchange ex) throws IOException {
        ScoringInput input;
        try {
            input = requests.parse(ex.header("Content-Type"), ex.bodyBytes(maxBodyBytes));
        } catch (UnsupportedContentTypeException e) {
            ex.text(415, e.getMessage());
            return;
        }
        ex.bytes(200, "application/json", Json.mapper().writeValueAsBytes(model.pyfunc().predict(input)));
    }
}
