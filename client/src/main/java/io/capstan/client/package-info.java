/**
 * A small Java SDK for a running Capstan or MLflow server: {@link io.capstan.client.CapstanClient}
 * reads experiments, runs, metric histories, registered models and model versions over MLflow's
 * REST API, using the paths in {@link io.capstan.protocol.MlflowRoutes}.
 *
 * <p>Results are the server's JSON objects ({@link com.fasterxml.jackson.databind.JsonNode}) in
 * {@link io.capstan.core.Page}s rather than typed records: the client must read objects from any
 * MLflow 3.x server, including fields newer than this code, and hand them on unchanged (the CLI's
 * {@code --output json}). Failures are two exceptions: the server answered with an error
 * ({@link io.capstan.client.CapstanClientException}, carrying MLflow's {@code error_code}) or
 * it did not answer at all ({@link io.capstan.client.ServerUnreachableException}).
 */
package io.capstan.client;
