package io.capstan.server;

import io.capstan.core.CapstanException;
import io.capstan.protocol.Json;
import io.capstan.serving.spi.ServingMetrics;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.serving.InferenceRecorder;
import io.capstan.serving.ModelEndpoints;
import io.capstan.serving.ServedModel;
import io.capstan.serving.batching.QueueFullException;
import io.capstan.serving.inferencelog.InferenceRecord;
import io.capstan.serving.inferencelog.RequestStamps.RequestStamp;
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

    private final ModelEndpoints models;
    private final ScoringRequests requests = new ScoringRequests();
    private final int maxBodyBytes;
    private final ServingMetrics metrics;
    private final InferenceRecorder recorder;

    /**
     * @param models the models that answer; not null
     * @param maxBodyBytes the largest request accepted (413 beyond)
     * @param metrics where each request is reported; not null
     * @param recorder request ids and the inference log; not null
     */
    public ScoringRoutes(ModelEndpoints models, int maxBodyBytes, ServingMetrics metrics, InferenceRecorder recorder) {
        this.models = java.util.Objects.requireNonNull(models, "models is null");
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics is null");
        this.recorder = java.util.Objects.requireNonNull(recorder, "recorder is null");
    }

    /** {@code mlflow models serve}'s routes, answering for the model named {@code name}. */
    public void registerSingle(Router router, String name) {
        // MLflow answers the probes with a bare newline, typed as JSON
        router.add("GET", "/ping", ex -> ex.bytes(200, "application/json", new byte[] {'\n'}));
        router.add("GET", "/health", ex -> ex.bytes(200, "application/json", new byte[] {'\n'}));
        router.add("GET", "/version", ex -> ex.text(200, MLFLOW_SCORING_VERSION));
        router.add("POST", "/invocations", ex -> invocations(ex, name));
    }

    /** {@code POST /api/capstan/deployments/<name>/invocations}: MLflow scoring through a deployment. */
    public void registerDeployments(Router router) {
        router.add("POST", "/api/capstan/deployments/{name}/invocations", ex -> invocations(ex, ex.pathParam("name")));
    }

    private void invocations(Exchange ex, String name) throws IOException {
        long start = System.nanoTime();
        RequestStamp stamp = recorder.start();
        ex.responseHeader(OipRoutes.REQUEST_ID, stamp.requestId());
        ModelEndpoints.Selection selection = models.select(name, null, ex::header);
        ServedModel model = selection.model();
        int status = 500;
        metrics.pending(model.deployment(), model.name(), model.version(), 1);
        boolean answered = false;
        try {
            ScoringInput input;
            try {
                input = requests.parse(ex.header("Content-Type"), ex.bodyBytes(maxBodyBytes));
            } catch (UnsupportedContentTypeException e) {
                status = 415;
                ex.text(415, e.getMessage());
                return;
            }
            ObjectNode predictions = model.pyfunc().predict(input, (inputs, outputs) -> {
                selection.completion().completed(stamp, true, System.nanoTime() - start, inputs, outputs);
                recorder.record(stamp, model, selection.deployment(), inputs, outputs, OipRoutes.micros(start),
                        InferenceRecord.OK);
            });
            answered = true;
            ex.bytes(200, "application/json", Json.mapper().writeValueAsBytes(predictions));
            status = 200;
        } catch (CapstanException e) {
            status = e.code().httpStatus();
            if (e instanceof QueueFullException full) {
                ex.responseHeader("Retry-After", Long.toString(full.retryAfter().toSeconds()));
            }
            throw e;
        } catch (PayloadTooLargeException e) {
            status = 413;
            throw e;
        } finally {
            if (!answered && status >= 500) {
                selection.completion().completed(stamp, false, System.nanoTime() - start, java.util.Map.of(),
                        java.util.Map.of());
            }
            metrics.pending(model.deployment(), model.name(), model.version(), -1);
            metrics.request(model.deployment(), model.name(), model.version(), "mlflow", status,
                    System.nanoTime() - start);
        }
    }
}
