package io.capstan.serving.spi;

/**
 * Where serving reports what it did, for operations metrics (Prometheus in {@code server}).
 * Implementations are thread-safe and cheap: they are called on every request.
 */
public interface ServingMetrics {

    /**
     * One model execution (a batch when batching, else one request).
     *
     * @param model the served name; not null
     * @param version not null
     * @param rows inference items in it (the inputs' first dimension)
     * @param computeNanos time inside the runtime
     * @param ok false when the runtime failed
     */
    void execution(String model, String version, int rows, long computeNanos, boolean ok);

    /**
     * One request answered, successfully or not, from its first byte read to its last written.
     *
     * @param model the served name, or {@code "unknown"} when the request named no served model
     * @param version the version that answered, or {@code ""}
     * @param protocol {@code oip} or {@code mlflow}
     * @param status the HTTP status sent
     * @param nanos end-to-end time in the server
     */
    void request(String model, String version, String protocol, int status, long nanos);

    /** Requests waiting for or inside a model, by model: {@code delta} is +1 on entry, -1 on exit. */
    void pending(String model, String version, int delta);

    /** Reports nothing. */
    ServingMetrics NONE = new ServingMetrics() {
        @Override
        public void execution(String model, String version, int rows, long computeNanos, boolean ok) {
        }

        @Override
        public void request(String model, String version, String protocol, int status, long nanos) {
        }

        @Override
        public void pending(String model, String version, int delta) {
        }
    };
}
