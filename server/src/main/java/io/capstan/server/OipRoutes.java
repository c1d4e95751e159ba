package io.capstan.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.serving.InferenceRecorder;
import io.capstan.serving.ModelEndpoints;
import io.capstan.serving.ServedModel;
import io.capstan.serving.ServingStatistics;
import io.capstan.serving.batching.QueueFullException;
import io.capstan.serving.inferencelog.InferenceRecord;
import io.capstan.serving.inferencelog.RequestStamps.RequestStamp;
import io.capstan.serving.oip.InferenceRequest;
import io.capstan.serving.oip.InferenceResponse;
import io.capstan.serving.oip.V2Codec;
import io.capstan.serving.spi.ModelMetadata;
import io.capstan.serving.spi.ServingMetrics;
import io.capstan.serving.spi.Tensor;
import io.capstan.serving.spi.TensorSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Open Inference Protocol v2 REST API (KServe v2 / Triton) over {@link ServedModels}: server
 * and model health and metadata, inference with JSON or binary tensors, and the Triton extras
 * that {@code tritonclient} calls (model config, repository index). Errors are
 * {@code {"error": "..."}} with Triton's statuses (400 bad input, 404 unknown model, 413 too large,
 * 503 unavailable).
 */
public final class OipRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(OipRoutes.class);
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    /** The response header carrying the request id, for joining ground truth later. */
    static final String REQUEST_ID = "X-Request-ID";

    private final ModelEndpoints models;
    private final V2Codec codec = new V2Codec();
    private final int maxBodyBytes;
    private final ServingMetrics metrics;
    private final InferenceRecorder recorder;
    private final ServingStatistics statistics;

    /**
     * @param models the models to answer for; not null
     * @param maxBodyBytes the largest inference request accepted (413 beyond)
     * @param metrics where each inference request is reported; not null
     * @param recorder request ids and the inference log; not null
     * @param statistics what {@code GET /v2/models[/<name>[/versions/<v>]]/stats} answers (Triton's
     *     statistics extension); it must be fed the same reports as {@code metrics}; not null
     */
    public OipRoutes(ModelEndpoints models, int maxBodyBytes, ServingMetrics metrics, InferenceRecorder recorder,
            ServingStatistics statistics) {
        this.statistics = java.util.Objects.requireNonNull(statistics, "statistics is null");
        this.models = java.util.Objects.requireNonNull(models, "models is null");
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics is null");
        this.recorder = java.util.Objects.requireNonNull(recorder, "recorder is null");
    }

    public void register(Router router) {
        router.add("GET", "/v2", oip(ex -> ex.json(serverMetadata())));
        router.add("GET", "/v2/health/live", oip(ex -> ex.json(Exchange.object().put("live", true))));
        router.add("GET", "/v2/health/ready", oip(ex -> ex.json(Exchange.object().put("ready", true))));
        router.add("POST", "/v2/repository/index", oip(ex -> ex.bytes(200, "application/json",
                io.capstan.protocol.Json.mapper().writeValueAsBytes(repositoryIndex()))));
        router.add("GET", "/v2/models/stats", oip(ex -> ex.json(statistics(models.all()))));
        router.add("GET", "/v2/models/{name}/stats", oip(ex -> ex.json(statistics(models.versions(ex.pathParam("name"))))));
        router.add("GET", "/v2/models/{name}/versions/{version}/stats",
                oip(ex -> ex.json(statistics(List.of(lookup(ex))))));
        for (String base : List.of("/v2/models/{name}", "/v2/models/{name}/versions/{version}")) {
            router.add("GET", base, oip(ex -> ex.json(modelMetadata(ex.pathParam("name"), ex.pathParam("version")))));
            router.add("GET", base + "/ready", oip(ex -> {
                ServedModel model = lookup(ex);
                ex.json(Exchange.object().put("name", ex.pathParam("name")).put("ready", true)
                        .put("version", model.version()));
            }));
            router.add("GET", base + "/config", oip(ex -> ex.json(modelConfig(ex.pathParam("name"), lookup(ex)))));
            router.add("POST", base + "/infer", this::meteredInfer);
        }
    }

    private void meteredInfer(Exchange ex) throws IOException {
        long start = System.nanoTime();
        RequestStamp stamp = recorder.start();
        ex.responseHeader(REQUEST_ID, stamp.requestId());
        ServedModel model = null;
        int status = 200;
        try {
            ModelEndpoints.Selection selection = models.select(ex.pathParam("name"), ex.pathParam("version"),
                    ex::header);
            model = selection.model();
            metrics.pending(model.deployment(), model.name(), model.version(), 1);
            try {
                infer(ex, selection, stamp, start);
            } finally {
                metrics.pending(model.deployment(), model.name(), model.version(), -1);
            }
        } catch (Throwable failure) {
            status = answer(ex, failure);
        } finally {
            if (model == null) {
                metrics.request("unknown", "unknown", "", "oip", status, System.nanoTime() - start);
            } else {
                metrics.request(model.deployment(), model.name(), model.version(), "oip", status,
                        System.nanoTime() - start);
            }
        }
    }

    private void infer(Exchange ex, ModelEndpoints.Selection selection, RequestStamp stamp, long start)
            throws IOException {
        ServedModel model = selection.model();
        byte[] body = decompress(ex.bodyBytes(maxBodyBytes), ex.header("Content-Encoding"));
        InferenceRequest request = codec.decodeRequest(body, headerLength(ex.header(HEADER_LENGTH)));
        Map<String, Tensor> outputs;
        try {
            outputs = model.runtime().infer(request.inputs(), request.outputs());
        } catch (CapstanException e) {
            // the model's failures count against its version; a client's mistakes do not
            if (e.code().httpStatus() >= 500) {
                selection.completion().completed(stamp, false, System.nanoTime() - start, request.inputs(),
                        Map.of());
            }
            recorder.record(stamp, model, selection.deployment(), request.inputs(), Map.of(), micros(start),
                    e.code().name());
            throw e;
        }
        selection.completion().completed(stamp, true, System.nanoTime() - start, request.inputs(), outputs);
        // durable before the answer: an acknowledged prediction is in the log
        recorder.record(stamp, model, selection.deployment(), request.inputs(), outputs, micros(start),
                InferenceRecord.OK);
        // the client's id is echoed; without one, the request id it can join ground truth on
        String id = request.id() != null ? request.id() : stamp.requestId();
        V2Codec.Encoded encoded = codec.encodeResponse(
                new InferenceResponse(model.name(), model.version(), id, outputs), request);
        if (encoded.headerLength() >= 0) {
            ex.responseHeader(HEADER_LENGTH, Integer.toString(encoded.headerLength()));
            ex.bytes(200, "application/octet-stream", encoded.body());
        } else {
            ex.bytes(200, "application/json", encoded.body());
        }
    }

    static long micros(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000;
    }

    private static int headerLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            int length = Integer.parseInt(header.strip());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw CapstanException.invalid("%s must be a non-negative integer, got '%s'", HEADER_LENGTH, header);
        }
    }

    private byte[] decompress(byte[] body, String encoding) throws IOException {
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return body;
        }
        String kind = encoding.strip().toLowerCase(Locale.ROOT);
        try (InputStream in = switch (kind) {
            case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
            default -> throw CapstanException.invalid("Unsupported Content-Encoding '%s'; use gzip or deflate",
                    encoding);
        }) {
            byte[] inflated = in.readNBytes(maxBodyBytes + 1);
            if (inflated.length > maxBodyBytes) {
                throw new PayloadTooLargeException(maxBodyBytes);
            }
            return inflated;
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw CapstanException.invalid("The %s request body cannot be decompressed: %s", kind, e.getMessage());
        }
    }

    private static ObjectNode serverMetadata() {
        ObjectNode body = Exchange.object();
        body.put("name", "capstan");
        body.put("version", "0.1.0");
        body.putArray("extensions").add("binary_tensor_data").add("model_repository").add("statistics");
        return body;
    }

    /**
     * Triton's {@code $stats_model_response}. Capstan does not time input and output preparation
     * apart from the run (it is inside {@code compute_infer}) and has no response cache, so those
     * durations are 0; requests do not queue without dynamic batching, and a batch's wait is not
     * timed apart either ({@code queue} counts the successful requests, with 0 ns).
     */
    private ObjectNode statistics(List<ServedModel> served) {
        ObjectNode body = Exchange.object();
        ArrayNode list = body.putArray("model_stats");
        for (ServedModel model : served) {
            ServingStatistics.ModelStatistics s = statistics.of(model);
            ObjectNode stat = list.addObject();
            stat.put("name", s.name());
            stat.put("version", s.version());
            stat.put("last_inference", s.lastInferenceMillis());
            stat.put("inference_count", s.inferenceCount());
            stat.put("execution_count", s.executionCount());
            ObjectNode inference = stat.putObject("inference_stats");
            duration(inference, "success", s.success());
            duration(inference, "fail", s.fail());
            duration(inference, "queue", new ServingStatistics.DurationStat(s.success().count(), 0));
            duration(inference, "compute_input", new ServingStatistics.DurationStat(s.executionCount(), 0));
            duration(inference, "compute_infer", s.computeInfer());
            duration(inference, "compute_output", new ServingStatistics.DurationStat(s.executionCount(), 0));
            duration(inference, "cache_hit", new ServingStatistics.DurationStat(0, 0));
            duration(inference, "cache_miss", new ServingStatistics.DurationStat(0, 0));
            ArrayNode batches = stat.putArray("batch_stats");
            for (ServingStatistics.Batch batch : s.batches()) {
                ObjectNode b = batches.addObject();
                b.put("batch_size", batch.size());
                long count = batch.computeInfer().count();
                duration(b, "compute_input", new ServingStatistics.DurationStat(count, 0));
                duration(b, "compute_infer", batch.computeInfer());
                duration(b, "compute_output", new ServingStatistics.DurationStat(count, 0));
            }
            stat.putArray("memory_usage");
        }
        return body;
    }

    private static void duration(ObjectNode parent, String field, ServingStatistics.DurationStat value) {
        parent.putObject(field).put("count", value.count()).put("ns", value.ns());
    }

    private ServedModel lookup(Exchange ex) {
        return models.select(ex.pathParam("name"), ex.pathParam("version"), ex::header).model();
    }

    private ObjectNode modelMetadata(String name, String version) {
        ServedModel model = models.select(name, version, header -> null).model();
        ModelMetadata metadata = model.runtime().metadata();
        ObjectNode body = Exchange.object();
        body.put("name", name);
        ArrayNode versions = body.putArray("versions");
        if (version == null) {
            models.versions(name).forEach(m -> versions.add(m.version()));
        } else {
            versions.add(model.version());
        }
        body.put("platform", metadata.platform());
        tensorMeta(body.putArray("inputs"), metadata.inputs());
        tensorMeta(body.putArray("outputs"), metadata.outputs());
        return body;
    }

    private static void tensorMeta(ArrayNode array, List<TensorSpec> specs) {
        for (TensorSpec spec : specs) {
            ObjectNode meta = array.addObject();
            meta.put("name", spec.name());
            meta.put("datatype", spec.datatype().wireName());
            ArrayNode shape = meta.putArray("shape");
            for (long dim : spec.shape()) {
                shape.add(dim);
            }
        }
    }

    /** Triton's model configuration, as far as it describes an ONNX model served here. */
    private static ObjectNode modelConfig(String name, ServedModel model) {
        ModelMetadata metadata = model.runtime().metadata();
        ObjectNode config = Exchange.object();
        config.put("name", name);
        config.put("platform", metadata.platform());
        config.put("backend", "onnxruntime");
        config.put("max_batch_size", 0);
        configTensors(config.putArray("input"), metadata.inputs());
        configTensors(config.putArray("output"), metadata.outputs());
        return config;
    }

    private static void configTensors(ArrayNode array, List<TensorSpec> specs) {
        for (TensorSpec spec : specs) {
            ObjectNode tensor = array.addObject();
            tensor.put("name", spec.name());
            tensor.put("data_type", "TYPE_" + switch (spec.datatype()) {
                case BOOL -> "BOOL";
                case INT32 -> "INT32";
                case INT64 -> "INT64";
                case FP32 -> "FP32";
                case FP64 -> "FP64";
                case BYTES -> "STRING";
            });
            ArrayNode dims = tensor.putArray("dims");
            for (long dim : spec.shape()) {
                dims.add(dim);
            }
        }
    }

    private ArrayNode repositoryIndex() {
        ArrayNode index = io.capstan.protocol.Json.mapper().createArrayNode();
        for (ServedModel model : models.all()) {
            index.addObject().put("name", model.name()).put("version", model.version()).put("state", "READY");
        }
        return index;
    }

    /** Answers every failure of {@code handler} in the protocol's own shape. */
    private static RouteHandler oip(RouteHandler handler) {
        return ex -> {
            try {
                handler.handle(ex);
            } catch (Throwable failure) {
                answer(ex, failure);
            }
        };
    }

    /** Answers a failure as {@code {"error": ...}}; returns the status sent. */
    static int answer(Exchange ex, Throwable failure) throws IOException {
        if (ex.responded()) {
            LOG.warn("Failure after the response started for {} {}: {}", ex.method(), ex.path(), failure.toString());
            return 500;
        }
        int status;
        String message;
        if (failure instanceof PayloadTooLargeException e) {
            status = 413;
            message = e.getMessage();
        } else if (failure instanceof CapstanException e) {
            if (e instanceof QueueFullException full) {
                ex.responseHeader("Retry-After", Long.toString(full.retryAfter().toSeconds()));
            }
            status = switch (e.code()) {
                case INVALID_PARAMETER_VALUE, BAD_REQUEST, RESOURCE_ALREADY_EXISTS, INVALID_STATE -> 400;
                case RESOURCE_DOES_NOT_EXIST, ENDPOINT_NOT_FOUND -> 404;
                case PERMISSION_DENIED -> 403;
                case UNAUTHENTICATED -> 401;
                case RESOURCE_CONFLICT -> 409;
                case REQUEST_LIMIT_EXCEEDED, RESOURCE_EXHAUSTED -> 429;
                case NOT_IMPLEMENTED -> 501;
                case TEMPORARILY_UNAVAILABLE -> 503;
                case INTERNAL_ERROR -> 500;
            };
            message = e.getMessage();
            if (status >= 500) {
                LOG.error("{} {} failed: {}", ex.method(), ex.path(), message, e.getCause());
            }
        } else {
            status = 500;
            message = "Internal error while handling " + ex.method() + " " + ex.path();
            LOG.error("{} {} failed", ex.method(), ex.path(), failure);
        }
        ex.json(status, Exchange.object().put("error", message));
        return status;
    }
}
