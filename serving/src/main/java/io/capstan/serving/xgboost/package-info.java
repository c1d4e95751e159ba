/**
 * The XGBoost4J adapter of {@link io.capstan.serving.spi.ModelRuntime}: models logged with
 * {@code mlflow.xgboost.log_model} (UBJSON or JSON files), served without Python.
 */
package io.capstan.serving.xgboost;
