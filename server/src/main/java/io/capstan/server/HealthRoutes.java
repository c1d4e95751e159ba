package io.capstan.server;

/** {@code /health} and {@code /version}, which probes and the Python client read. */
public final class HealthRoutes {
    /**
     * The MLflow version this server speaks. The Python client reads {@code /version} to decide
     * how to export traces; ≥ 3.4 makes it use OTLP, which Capstan does not take yet.
     */
    public static final String MLFLOW_VERSION = "3.3.2";

    public void register(Router router) {
        router.add("GET", "/health", ex -> ex.text(200, "OK"));
        router.add("GET", "/version", ex -> ex.text(200, MLFLOW_VERSION));
    }
}
