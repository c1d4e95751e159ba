package io.capstan.serving;

/** The model file formats Capstan can load into a {@link io.capstan.serving.spi.ModelRuntime}. */
public enum ModelFormat {
    /** An ONNX graph, run by ONNX Runtime. */
    ONNX,
    /** An XGBoost model (UBJSON or JSON), run by XGBoost4J. */
    XGBOOST
}
