package io.capstan.serving;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.serving.spi.ModelMetadata;
import io.capstan.serving.spi.ModelOutput;
import io.capstan.serving.spi.ModelRuntime;
import io.capstan.serving.spi.ServingMetrics;
import io.capstan.serving.spi.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A {@link ModelRuntime} that reports every execution (rows, compute time, success) to
 * {@link ServingMetrics}; otherwise it is the runtime it wraps. Thread-safe if that is.
 */
public final class MeteredRuntime implements ModelRuntime {
    private final ModelRuntime runtime;
    private final ServingMetrics metrics;
    private final String deployment;
    private final String model;
    private final String version;
    private final LongSupplier nanoTime;

    /**
     * @param deployment the deployment label of its executions (see {@link ServingMetrics})
     * @param model the model label
     * @param version the version label
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
     */
    public MeteredRuntime(ModelRuntime runtime, ServingMetrics metrics, String deployment, String model,
            String version, LongSupplier nanoTime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.deployment = requireNonNull(deployment, "deployment is null");
        this.model = requireNonNull(model, "model is null");
        this.version = requireNonNull(version, "version is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    @Override
    public ModelMetadata metadata() {
        return runtime.metadata();
    }

    @Override
    public Map<String, Tensor> infer(Map<String, Tensor> inputs, List<String> outputs) {
        long start = nanoTime.getAsLong();
        try {
            Map<String, Tensor> result = runtime.infer(inputs, outputs);
            metrics.execution(deployment, model, version, rows(inputs), nanoTime.getAsLong() - start, true);
            return result;
        } catch (RuntimeException e) {
            failed(e, start, inputs);
            throw e;
        }
    }

    @Override
    public Map<String, ModelOutput> predict(Map<String, Tensor> inputs) {
        long start = nanoTime.getAsLong();
        try {
            Map<String, ModelOutput> result = runtime.predict(inputs);
            metrics.execution(deployment, model, version, rows(inputs), nanoTime.getAsLong() - start, true);
            return result;
        } catch (RuntimeException e) {
            failed(e, start, inputs);
            throw e;
        }
    }

    private void failed(RuntimeException e, long start, Map<String, Tensor> inputs) {
        // a request the runtime refused before running is the client's mistake, not an execution
        if (!(e instanceof CapstanException ce && ce.code() == ErrorCode.INVALID_PARAMETER_VALUE)) {
            metrics.execution(deployment, model, version, rows(inputs), nanoTime.getAsLong() - start, false);
        }
    }

    /** Inference items: the first dimension of the first input (1 for a scalar). */
    static int rows(Map<String, Tensor> inputs) {
        for (Tensor tensor : inputs.values()) {
            long[] shape = tensor.shape();
            return shape.length == 0 ? 1 : (int) Math.min(shape[0], Integer.MAX_VALUE);
        }
        return 0;
    }

    @Override
    public void close() {
        runtime.close();
    }
}
