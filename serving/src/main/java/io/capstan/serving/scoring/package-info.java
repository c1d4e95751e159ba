/**
 * MLflow's scoring protocol ({@code mlflow models serve}'s {@code /invocations}): the payload
 * formats ({@code dataframe_split}, {@code dataframe_records}, {@code instances}, {@code inputs},
 * CSV) and what MLflow's ONNX pyfunc makes of them, so that a served model answers as
 * {@code mlflow models serve} does for the same model and payload. No HTTP here.
 */
package io.capstan.serving.scoring;
