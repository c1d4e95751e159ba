package io.capstan.protocol;

import java.util.List;

/**
 * Paths of MLflow's REST API, shared by the server's route table and the Java client. Every
 * {@code /api/2.0} path is also served under {@code /ajax-api/2.0} (the web UI's prefix).
 */
public final class MlflowRoutes {
    public static final String API = "/api/2.0/mlflow";
    public static final String AJAX_API = "/ajax-api/2.0/mlflow";
    public static final String ARTIFACTS_API = "/api/2.0/mlflow-artifacts";
    public static final String AJAX_ARTIFACTS_API = "/ajax-api/2.0/mlflow-artifacts";

    /** Both prefixes under which a tracking or registry path is served. */
    public static final List<String> PREFIXES = List.of(API, AJAX_API);
    /** Both prefixes under which the artifact proxy is served. */
    public static final List<String> ARTIFACT_PREFIXES = List.of(ARTIFACTS_API, AJAX_ARTIFACTS_API);

    public static final String EXPERIMENTS_CREATE = "/experiments/create";
    public static final String EXPERIMENTS_GET = "/experiments/get";
    public static final String EXPERIMENTS_GET_BY_NAME = "/experiments/get-by-name";
    public static final String EXPERIMENTS_SEARCH = "/experiments/search";
    public static final String RUNS_CREATE = "/runs/create";
    public static final String RUNS_GET = "/runs/get";
    public static final String RUNS_SEARCH = "/runs/search";
    public static final String RUNS_LOG_BATCH = "/runs/log-batch";
    public static final String RUNS_UPDATE = "/runs/update";
    public static final String METRICS_GET_HISTORY = "/metrics/get-history";
    public static final String REGISTERED_MODELS_GET = "/registered-models/get";
    public static final String REGISTERED_MODELS_SEARCH = "/registered-models/search";
    public static final String MODEL_VERSIONS_GET = "/model-versions/get";
    public static final String MODEL_VERSIONS_SEARCH = "/model-versions/search";
    public static final String MODEL_VERSIONS_GET_DOWNLOAD_URI = "/model-versions/get-download-uri";
    public static final String REGISTERED_MODELS_ALIAS = "/registered-models/alias";
    public static final String REGISTERED_MODELS_GET_LATEST_VERSIONS = "/registered-models/get-latest-versions";
    /** MLflow 3 logged models; {@code /logged-models/<model_id>} gets one. */
    public static final String LOGGED_MODELS = "/logged-models";
    /** Under {@link #ARTIFACTS_API}: list with {@code ?path=}, download with {@code /artifacts/<path>}. */
    public static final String PROXY_ARTIFACTS = "/artifacts";

    private MlflowRoutes() {
    }
}
