/**
 * Experiment tracking: experiments, runs (params, metric history, tags, inputs, outputs) and
 * MLflow 3 logged models. The services ({@link io.capstan.tracking.ExperimentService},
 * {@link io.capstan.tracking.RunService}, {@link io.capstan.tracking.LoggedModelService}) hold
 * MLflow's validation rules ({@link io.capstan.tracking.Limits}); stores behind
 * {@link io.capstan.tracking.spi} hold only what needs their data (uniqueness, param
 * immutability, latest-metric rule), each write checked inside its own transaction so the hot
 * path (log-batch) costs one round trip to the database.
 */
package io.capstan.tracking;
