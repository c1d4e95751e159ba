package io.capstan.tracking;

/** MLflow 3 logged-model status; clients finalise PENDING to READY or UPLOAD_FAILED. */
public enum LoggedModelStatus {
    LOGGED_MODEL_STATUS_UNSPECIFIED,
    LOGGED_MODEL_PENDING,
    LOGGED_MODEL_READY,
    LOGGED_MODEL_UPLOAD_FAILED
}
