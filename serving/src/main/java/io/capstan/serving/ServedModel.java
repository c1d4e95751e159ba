package io.capstan.serving;

import static java.util.Objects.requireNonNull;

import io.capstan.serving.scoring.PyfuncPredictor;
import io.capstan.serving.spi.ModelRuntime;

/**
 * A model loaded and answering: the deployment it serves in, the name and version it answers
 * under, its runtime (Open Inference Protocol) and the MLflow pyfunc view of it
 * ({@code /invocations}).
 *
 * @param deployment the deployment it serves in ({@code <name>/shadow} for a shadow), or the
 *     served name of a standalone server; labels its metrics; not null
 * @param name the name clients use, e.g. the registered model's name; not null
 * @param version the version it answers as (a registry version, or "1" for a plain directory);
 *     not null
 * @param runtime not null
 * @param pyfunc not null
 */
public record ServedModel(String deployment, String name, String version, ModelRuntime runtime, PyfuncPredictor pyfunc)
        implements AutoCloseable {

    public ServedModel {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(runtime, "runtime is null");
        requireNonNull(pyfunc, "pyfunc is null");
    }

    /** Unloads the runtime. */
    @Override
    public void close() {
        runtime.close();
    }
}
