package io.capstan.tracking;

import io.capstan.core.CapstanException;

import java.util.regex.Pattern;

/**
 * MLflow's validation rules for tracking input (mlflow/utils/validation.py), in one place so the
 * services and the registry share them.
 */
public final class Limits {
    public static final int MAX_ENTITY_KEY_LENGTH = 250;
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    public static final int MAX_TAG_VALUE_LENGTH = 8000;
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
    public static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;
    public static final int MAX_METRICS_PER_BATCH = 1000;
    public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
    public static final int MAX_ENTITIES_PER_BATCH = 1000;
    public static final int MAX_DATASETS_PER_BATCH = 1000;
    public static final int MAX_RESULTS_RUNS = 50000;
    public static final int MAX_RESULTS_EXPERIMENTS = 50000;
    public static final int DEFAULT_MAX_RESULTS_RUNS = 1000;

    private static final Pattern KEY = Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");
    private static final Pattern EXPERIMENT_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,63}$");

    private Limits() {
    }

    /**
     * Checks a metric, param or tag name: allowed characters, and unchanged by POSIX path
     * normalisation (MLflow stores them as file names in its file store).
     */
    public static void validateKey(String key, String entity) {
        if (key == null || key.isEmpty()) {
            throw CapstanException.invalid("A key name must be provided.");
        }
        if (!KEY.matcher(key).matches()) {
            throw CapstanException.invalid("Invalid %s name: '%s'. Names may only contain alphanumerics, "
                    + "underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).",
                    entity, key);
        }
        String normalized = normalizedPath(key);
        if (pathNotUnique(key)) {
            throw CapstanException.invalid("Invalid %s name: '%s'. Names may be treated as files in certain "
                    + "cases, and must not resolve to other names when treated as such. This name would "
                    + "resolve to '%s'", entity, key, normalized);
        }
        checkLength(key, MAX_ENTITY_KEY_LENGTH, entity + " name");
    }

    /** Fails when {@code value} is longer than {@code max} characters. */
    public static void checkLength(String value, int max, String what) {
        if (value != null && value.length() > max) {
            throw CapstanException.invalid("'%s' exceeds the maximum length of %d characters", what, max);
        }
    }

    /** Cuts {@code value} to {@code max} characters, as MLflow does for param and tag values. */
    public static String truncate(String value, int max) {
        return value.length() > max ? value.substring(0, max) : value;
    }

    public static void validateRunId(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw CapstanException.invalid("Invalid value \"%s\" for parameter 'run_id' supplied.", runId);
        }
    }

    public static void validateExperimentId(String experimentId) {
        // the SQL stores (MLflow's and ours) number experiments; anything else is a client mistake
        if (experimentId == null || !EXPERIMENT_ID.matcher(experimentId).matches()
                || !experimentId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw CapstanException.invalid("Invalid experiment ID: '%s'", experimentId);
        }
    }

    /** Fails unless {@code 0 < maxResults <= cap}. */
    public static void checkMaxResults(long maxResults, int cap) {
        if (maxResults <= 0) {
            throw CapstanException.invalid(
                    "Invalid value %d for parameter 'max_results' supplied. It must be a positive integer",
                    maxResults);
        }
        if (maxResults > cap) {
            throw CapstanException.invalid("Invalid value for request parameter max_results. "
                    + "It must be at most %d, but got value %d", cap, maxResults);
        }
    }

    /**
     * MLflow's {@code path_not_unique}: whether a name would resolve to another name, or outside
     * its folder, when used as a file path.
     */
    public static boolean pathNotUnique(String name) {
        String normalized = normalizedPath(name);
        return !normalized.equals(name) || normalized.equals(".") || normalized.startsWith("..")
                || normalized.startsWith("/");
    }

    /** Python's {@code posixpath.normpath}. */
    public static String normalizedPath(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean absolute = path.startsWith("/");
        var parts = new java.util.ArrayList<String>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !parts.isEmpty() && !parts.getLast().equals("..")) {
                parts.removeLast();
            } else if (!(part.equals("..") && absolute && parts.isEmpty())) {
                parts.add(part);
            }
        }
        String joined = String.join("/", parts);
        if (absolute) {
            // POSIX keeps exactly two leading slashes, collapses three or more to one
            String prefix = path.startsWith("//") && !path.startsWith("///") ? "//" : "/";
            return prefix + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** Python's {@code repr} of a string, for messages that quote values as MLflow does. */
    public static String pythonRepr(String value) {
        char quote = value.indexOf('\'') >= 0 && value.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(value.length() + 2).append(quote);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.append(quote).toString();
    }
}
