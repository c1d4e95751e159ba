package io.capstan.server;

import io.capstan.protocol.MlflowRoutes;

/** Registers a tracking or registry route under both of MLflow's prefixes. */
final class MlflowApi {
    private MlflowApi() {
    }

    static void add(Router router, String method, String path, RouteHandler handler) {
        for (String prefix : MlflowRoutes.PREFIXES) {
            router.add(method, prefix + path, handler);
        }
    }
}
