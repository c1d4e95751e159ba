package io.capstan.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code /health}, {@code /version} and MLflow 3's {@code server-info}, which probes and the
 * Python client read.
 */
public final class HealthRoutes {
    /**
     * The MLflow version this server speaks. The Python client reads {@code /version} to decide
     * how to export traces; ≥ 3.4 makes it use OTLP, which Capstan does not take yet.
     */
    public static final String MLFLOW_VERSION = "3.3.2";

    public void register(Router router) {
        router.add("GET", "/health", ex -> ex.text(200, "OK"));
        router.add("GET", "/version", ex -> ex.text(200, MLFLOW_VERSION));
        for (String prefix : new String[] {"/api/3.0/mlflow", "/ajax-api/3.0/mlflow"}) {
            router.add("GET", prefix + "/server-info", ex -> ex.json(serverInfo()));
        }
    }

    /**
     * What the server supports, as MLflow 3 advertises it. Capstan declares the plain proxy
     * upload path (no presigned or multipart capabilities), which every client version handles.
     */
    private static ObjectNode serverInfo() {
        ObjectNode info = Exchange.object();
        info.put("store_type", "SqlStore");
        info.put("workspaces_enabled", false);
        info.put("trace_archival_enabled", false);
        info.put("multipart_uploads_enabled", false);
        info.put("multipart_downloads_enabled", false);
        info.put("presigned_upload_run_id_supported", false);
        info.put("presigned_upload_model_id_supported", false);
        info.putObject("features_enabled").put("gateway", false);
        return info;
    }
}
