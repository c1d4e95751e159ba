package io.capstan.serving.spi;

/**
 * Where serving reports what it did, for operations metrics (Prometheus in {@code server}).
 * Every measurement names the deployment, the model and the version it is about: the deployment
 * is the name a request was routed by in {@code capstan server} (a shadow's copies under
 * {@code <name>/shadow}), or the served name of a standalone {@code capstan serve}; the model is
 * the registered model's name. Implementations are thread-safe and cheap: they are called on
 * every request.
 */
public interface ServingMetrics {

    /**
     * One model execution (a batch when batching, else one request).
     *
     * @param deployment the deployment (or served name); not null
     * @param model the registered model; not null
     * @param version not null
     * @param rows inference items in it (the inputs' first dimension)
     * @param computeNanos time inside the runtime
     * @param ok false when the runtime failed
     */
    void execution(String deployment, String model, String version, int rows, long computeNanos, boolean ok);

    /**
     * One request answered, successfully or not, from its first byte read to its last written.
     *
     * @param deployment the deployment (or served name), or {@code "unknown"} when the request named
     *     none that is served
     * @param model the registered model, or {@code "unknown"}
     * @param version the version that answered, or {@code ""}
     * @param protocol {@code oip}, {@code mlflow}, or {@code shadow} for a shadow's copy
     * @param status the HTTP status sent (for a shadow's copy, the status it would have had)
     * @param nanos end-to-end time in the server
     */
    void request(String deployment, String model, String version, String protocol, int status, long nanos);

    /** Requests waiting for or inside a model: {@code delta} is +1 on entry, -1 on exit. */
    void pending(String deployment, String model, String version, int delta);

    /** Reports everything to both {@code first} and {@code second}, in that order. */
    static ServingMetrics both(ServingMetrics first, ServingMetrics second) {
        java.util.Objects.requireNonNull(first, "first is null");
        java.util.Objects.requireNonNull(second, "second is null");
        return new ServingMetrics() {
            @Override
            public void execution(String deployment, String model, String version, int rows, long computeNanos,
                    boolean ok) {
                first.execution(deployment, model, version, rows, computeNanos, ok);
                second.execution(deployment, model, version, rows, computeNanos, ok);
            }

            @Override
            public void request(String deployment, String model, String version, String protocol, int status,
                    long nanos) {
                first.request(deployment, model, version, protocol, status, nanos);
                second.request(deployment, model, version, protocol, status, nanos);
            }

            @Override
            public void pending(String deployment, String model, String version, int delta) {
                first.pending(deployment, model, version, delta);
                second.pending(deployment, model, version, delta);
            }
        };
    }

    /** Reports nothing. */
    ServingMetrics NONE = new ServingMetrics() {
        @Override
        public void execution(String deployment, String model, String version, int rows, long computeNanos, boolean ok) {
        }

        @Override
        public void request(String deployment, String model, String version, String protocol, int status, long nanos) {
        }

        @Override
        public void pending(String deployment, String model, String version, int delta) {
        }
    };
}
