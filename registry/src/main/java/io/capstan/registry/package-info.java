/**
 * The model registry: {@link io.capstan.registry.RegisteredModel}s, their numbered
 * {@link io.capstan.registry.ModelVersion}s, stages, aliases and tags, and the prompts MLflow
 * keeps as tagged registered models. {@link io.capstan.registry.RegistryService} holds MLflow
 * 3.x's rules; {@link io.capstan.registry.spi.RegistryStore} is the port.
 *
 * <p>Where MLflow 3.x (3.17) and older notes disagree, the 3.x server wins: tag values up to
 * 100 000 characters, "Parameter 'version' must be an integer" messages. Two deliberate
 * leniencies: a {@code runs:/} or {@code models:/<model_id>} source without the matching
 * {@code run_id} / {@code model_id} parameter is accepted (the id is taken from the source), and
 * a {@code runs:/} source is resolved to the run's artifact URI (MLflow keeps it as is and lets
 * the client resolve it). Versions returned by searches carry their alias names (MLflow leaves
 * them out there).
 *
 * <p>Registry code reaches tracking only through its public services
 * ({@link io.capstan.tracking.RunService}, {@link io.capstan.tracking.LoggedModelService}).
 */
package io.capstan.registry;
