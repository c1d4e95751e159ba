package io.capstan.cli;

import picocli.CommandLine.Option;

import java.util.Map;

/** The {@code --tracking-uri} option, shared by every command that talks to a server. */
final class ServerOptions {
    /** Used when neither the flag nor an environment variable names a server. */
    static final String DEFAULT_TRACKING_URI = "http://127.0.0.1:5000";
    /** Read first, so that a shell already set up for MLflow works unchanged. */
    static final String MLFLOW_ENV = "MLFLOW_TRACKING_URI";
    static final String CAPSTAN_ENV = "CAPSTAN_TRACKING_URI";

    @Option(names = "--tracking-uri", paramLabel = "URI",
            description = "Server to talk to. Default: $" + MLFLOW_ENV + ", else $" + CAPSTAN_ENV
                    + ", else " + DEFAULT_TRACKING_URI + ".")
    String trackingUri;

    /** The server named by the flag, else the environment, else the default. */
    String chosenTrackingUri(Map<String, String> env) {
        return choose(trackingUri, env);
    }

    /**
     * The first non-blank of: {@code flag}, {@code $MLFLOW_TRACKING_URI},
     * {@code $CAPSTAN_TRACKING_URI}, {@link #DEFAULT_TRACKING_URI}.
     *
     * @param flag the option's value; null when not given
     * @param env the environment; not null
     */
    static String choose(String flag, Map<String, String> env) {
        for (String candidate : new String[] {flag, env.get(MLFLOW_ENV), env.get(CAPSTAN_ENV)}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.strip();
            }
        }
        return DEFAULT_TRACKING_URI;
    }
}
