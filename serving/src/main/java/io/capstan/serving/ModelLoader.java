package io.capstan.serving;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.OrtEnvironment;
import io.capstan.core.CapstanException;
import io.capstan.serving.batching.BatchListener;
import io.capstan.serving.batching.BatchingConfig;
import io.capstan.serving.batching.DynamicBatcher;
import io.capstan.serving.onnx.OnnxModelRuntime;
import io.capstan.serving.onnx.OnnxSessionConfig;
import io.capstan.serving.scoring.InputSchema;
import io.capstan.serving.scoring.PyfuncPredictor;
import io.capstan.serving.spi.ModelRuntime;
import io.capstan.serving.spi.ServingMetrics;
import io.capstan.serving.xgboost.XgboostModelRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * Loads an MLflow model directory (the folder holding {@code MLmodel}) into a {@link ServedModel}:
 * the MLmodel file chooses the flavor, the flavor chooses the runtime.
 *
 * <p>Thread-safe.
 */
public final class ModelLoader {
    private final Supplier<OrtEnvironment> onnx;
    private final OnnxSessionConfig onnxConfig;
    private final ServingMetrics metrics;
    private final Optional<BatchingConfig> batching;
    private final ThreadFactory threads;

    /**
     * @param onnx the process-wide ONNX Runtime environment, asked for only when an ONNX model is
     *     loaded (creating it loads ONNX Runtime's native library, which a server without ONNX
     *     models should not pay for at start); not null
     * @param onnxConfig threads per ONNX session; not null
     * @param metrics where every loaded model reports its executions; not null
     * @param batching dynamic batching for every loaded model; empty for none
     * @param threads makes each batcher's dispatch thread; not null
     */
    public ModelLoader(Supplier<OrtEnvironment> onnx, OnnxSessionConfig onnxConfig, ServingMetrics metrics,
            Optional<BatchingConfig> batching, ThreadFactory threads) {
        this.onnx = requireNonNull(onnx, "onnx is null");
        this.onnxConfig = requireNonNull(onnxConfig, "onnxConfig is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.batching = requireNonNull(batching, "batching is null");
        this.threads = requireNonNull(threads, "threads is null");
    }

    /**
     * Loads the model in {@code modelDir} to answer as {@code name}/{@code version} in
     * {@code deployment} (see {@link ServedModel#deployment()}).
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST when there is no MLmodel file or model
     *     file; INVALID_PARAMETER_VALUE for a flavor Capstan does not serve (the message says what
     *     to log instead) or a file the runtime cannot load; NOT_IMPLEMENTED for a recognised
     *     flavor not served yet
     */
    public ServedModel load(String deployment, String name, String version, Path modelDir) {
        MlModelFile mlModel = MlModelFile.read(modelDir);
        ServableModel servable = mlModel.servable();
        Path file = mlModel.resolve(modelDir);
        if (!Files.isRegularFile(file)) {
            throw CapstanException.notFound("MLmodel names model file '%s', which is not in '%s'",
                    servable.relativePath(), modelDir);
        }
        ModelRuntime engine = switch (servable.format()) {
            case ONNX -> OnnxModelRuntime.load(onnx.get(), file, onnxConfig);
            case XGBOOST -> XgboostModelRuntime.load(file, servable.modelClass());
        };
        // metered under the batcher, so an execution is a batch and its size is the batch's rows
        ModelRuntime metered = new MeteredRuntime(engine, metrics, deployment, name, version, System::nanoTime);
        ModelRuntime runtime = batching.<ModelRuntime>map(
                config -> new DynamicBatcher(metered, config, threads, BatchListener.NONE)).orElse(metered);
        try {
            // MLflow's xgboost pyfunc answers predict()'s one array; its onnx pyfunc, every output by name
            Optional<String> single = switch (servable.format()) {
                case ONNX -> Optional.empty();
                case XGBOOST -> Optional.of(runtime.metadata().outputs().get(0).name());
            };
            return new ServedModel(deployment, name, version, runtime,
                    new PyfuncPredictor(runtime, InputSchema.parse(mlModel.signatureInputs().orElse(null)), single));
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }
}
