package io.capstan.registry;

import io.capstan.core.CapstanException;
import io.capstan.registry.spi.RegistryStore;
import io.capstan.tracking.LoggedModelService;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks the {@code source} of a new model version and works out where its artifacts really are,
 * following MLflow 3.x's server ({@code handlers._create_model_version} and the SQL registry
 * store):
 * <ul>
 *   <li>{@code runs:/<run_id>/<path>}: kept as the download URI (clients resolve it); the run
 *       must exist and the run id comes from the source (a different {@code run_id} is rejected).</li>
 *   <li>{@code models:/<model_id>}: the logged model's artifact location; run id from its source
 *       run unless given; model id set.</li>
 *   <li>{@code models:/<name>/<version|stage|latest>} or {@code models:/<name>@<alias>}: that
 *       registered version's download URI; the source becomes {@code models:/<name>/<version>}.</li>
 *   <li>a local path: only inside the local artifact directory of the given run or logged
 *       model.</li>
 *   <li>{@code mlflow-artifacts:} URIs (and the proxy's http URLs): only inside the artifact
 *       root of the given run or logged model.</li>
 *   <li>anything else: kept as is, once it is known not to climb out with {@code ..}.</li>
 * </ul>
 * One leniency on purpose: MLflow 3.x insists that {@code run_id} / {@code model_id} repeat the
 * id already in a {@code runs:/} or {@code models:/<model_id>} source; a missing one is filled in
 * here instead. Thread-safe.
 */
final class ModelVersionSources {
    /** The placeholders MLflow's prompt registry uses as a prompt version's source. */
    private static final Set<String> PROMPT_SOURCES = Set.of("dummy-source", "prompt-template");
    private static final List<String> PROXY_ROUTE = List.of("api", "2.0", "mlflow-artifacts", "artifacts");

    /** Where a new version points. */
    record Resolved(String source, String storageLocation, String runId, String modelId) {
    }

    private final TrackingLookup tracking;
    private final RegistryStore store;

    ModelVersionSources(TrackingLookup tracking, RegistryStore store) {
        this.tracking = tracking;
        this.store = store;
    }

    /**
     * @param runId null when not given
     * @param modelId null when not given
     * @param prompt whether the version is a prompt version (tagged {@code mlflow.prompt.is_prompt = true})
     * @throws CapstanException INVALID_PARAMETER_VALUE for a source MLflow rejects,
     *     RESOURCE_DOES_NOT_EXIST for an unknown registered model or version it names
     */
    Resolved resolve(String source, String runId, String modelId, boolean prompt) {
        if (prompt) {
            if (!PROMPT_SOURCES.contains(source)) {
                throw CapstanException.invalid("Invalid prompt source: '%s'. Prompt sources must use an MLflow "
                        + "placeholder.", source);
            }
            return new Resolved(source, null, runId, modelId);
        }
        Uri uri = Uri.parse(source);
        if (uri.isLocal()) {
            return local(source, runId, modelId);
        }
        requireNoRelativePaths(source);
        return switch (uri.scheme()) {
            case "models" -> models(source, uri, runId, modelId);
            case "runs" -> runs(source, uri, runId, modelId);
            default -> remote(source, uri, runId, modelId);
        };
    }

    private Resolved runs(String source, Uri uri, String runId, String modelId) {
        if (uri.authority() != null || !uri.path().startsWith("/")) {
            throw invalidSource(source, "run_id");
        }
        String[] parts = uri.path().substring(1).split("/", 2);
        String sourceRunId = parts[0];
        if (sourceRunId.isEmpty()) {
            throw invalidSource(source, "run_id");
        }
        if (modelId != null) {
            throw invalidSource(source, "model_id");
        }
        if (runId != null && !runId.equals(sourceRunId)) {
            throw invalidSource(source, "run_id");
        }
        tracking.runArtifactUri(sourceRunId).orElseThrow(() -> invalidSource(source, "run_id"));
        // MLflow hands runs:/ sources back unchanged as the download URI; clients resolve them
        return new Resolved(source, null, sourceRunId, null);
    }

    private Resolved models(String source, Uri uri, String runId, String modelId) {
        if (uri.authority() != null) {
            throw CapstanException.invalid("Invalid model version source: '%s'. Registered model sources must use "
                    + "the active model registry.", source);
        }
        String path = uri.path();
        if (!path.startsWith("/") || path.length() <= 1) {
            throw invalidSource(source, "model_id");
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length > 2 || parts[0].isBlank()) {
            throw invalidSource(source, "model_id");
        }
        if (parts.length == 1 && parts[0].indexOf('@') < 0) {
            String sourceModelId = parts[0];
            if (modelId != null && !modelId.equals(sourceModelId)) {
                throw invalidSource(source, "model_id");
            }
            TrackingLookup.LoggedModelRef model = tracking.loggedModel(sourceModelId)
                    .orElseThrow(() -> invalidSource(source, "model_id"));
            return new Resolved(source, model.artifactUri(), runId != null ? runId : model.sourceRunId(),
                    sourceModelId);
        }
        ModelVersion target = registeredVersion(source, parts);
        if ((runId != null && !runId.equals(orEmpty(target.runId())))
                || (modelId != null && !modelId.equals(orEmpty(target.modelId())))) {
            throw CapstanException.invalid("Invalid model version source: '%s'. The run_id and model_id request "
                    + "parameters must match the referenced model version.", source);
        }
        return new Resolved("models:/" + target.name() + "/" + target.version(), target.downloadUri(),
                runId != null ? runId : target.runId(), modelId != null ? modelId : target.modelId());
    }

    /** The version a {@code models:/<name>/...} or {@code models:/<name>@alias} source names. */
    private ModelVersion registeredVersion(String source, String[] parts) {
        int at = parts[0].lastIndexOf('@');
        boolean byAlias = parts.length == 1;
        String name = byAlias ? parts[0].substring(0, at) : parts[0];
        String alias = byAlias ? parts[0].substring(at + 1) : null;
        String suffix = byAlias ? null : parts[1];
        if (byAlias ? alias.isBlank() : suffix.isBlank()) {
            throw invalidSource(source, "model_id");
        }
        RegisteredModel model = store.getRegisteredModel(name).orElseThrow(() -> RegistryErrors.modelNotFound(name));
        if (model.isPrompt()) {
            throw CapstanException.invalid("Invalid model version source: '%s'. Prompt versions cannot be used as "
                    + "model version sources.", source);
        }
        if (byAlias) {
            return store.getModelVersionByAlias(name, alias).orElseThrow(
                    () -> CapstanException.invalid("Registered model alias %s not found.", alias));
        }
        if (suffix.chars().allMatch(Character::isDigit)) {
            long version = RegistryValidation.version(suffix);
            return store.getModelVersion(name, version).orElseThrow(() -> RegistryErrors.versionNotFound(name, version));
        }
        if (suffix.equalsIgnoreCase("latest")) {
            return model.latestVersions().stream().max(Comparator.comparingLong(ModelVersion::version))
                    .orElseThrow(() -> CapstanException.notFound("No versions of model with name '%s' found", name));
        }
        ModelVersionStage stage = ModelVersionStage.parse(suffix);
        return model.latestVersions().stream().filter(v -> v.currentStage() == stage).findFirst()
                .orElseThrow(() -> CapstanException.notFound("No versions of model with name '%s' and stage '%s' "
                        + "found", name, suffix));
    }

    private Resolved local(String source, String runId, String modelId) {
        String root = null;
        if (modelId != null) {
            root = tracking.loggedModel(modelId).map(TrackingLookup.LoggedModelRef::artifactUri).orElse(null);
        } else if (runId != null) {
            root = tracking.runArtifactUri(runId).orElse(null);
        }
        if (root == null || !Uri.parse(root).isLocal() || !localPath(source).startsWith(localPath(root))) {
            String owner = modelId != null ? "model_id" : "run_id";
            throw CapstanException.invalid("Invalid model version source: '%s'. To use a local path as a model "
                    + "version source, the %s request parameter has to be specified and the local path has to be "
                    + "contained within the artifact directory of the run specified by the %s.", source, owner, owner);
        }
        return new Resolved(source, null, runId != null ? runId : sourceRunOf(modelId), modelId);
    }

    private Resolved remote(String source, Uri uri, String runId, String modelId) {
        if (isProxiedArtifact(uri)) {
            String owner = modelId != null ? "model_id" : "run_id";
            String root = null;
            if (modelId != null) {
                root = tracking.loggedModel(modelId).map(TrackingLookup.LoggedModelRef::artifactUri).orElse(null);
            } else if (runId != null) {
                root = tracking.runArtifactUri(runId).orElse(null);
            }
            if (root == null || !within(uri, Uri.parse(root))) {
                throw invalidSource(source, owner);
            }
        } else if (modelId != null && tracking.loggedModel(modelId).isEmpty()) {
            throw LoggedModelService.notFound(modelId);
        }
        return new Resolved(source, null, runId != null ? runId : sourceRunOf(modelId), modelId);
    }

    private String sourceRunOf(String modelId) {
        if (modelId == null) {
            return null;
        }
        return tracking.loggedModel(modelId).map(TrackingLookup.LoggedModelRef::sourceRunId).orElse(null);
    }

    /**
     * MLflow's guard against sources that reach outside where they claim to be: after repeated
     * URL-decoding, no {@code ..} segment, no NUL, and a path that is already absolute and
     * normalised.
     */
    private static void requireNoRelativePaths(String source) {
        String decoded = source;
        for (String next = unquotePlus(decoded); !next.equals(decoded); next = unquotePlus(decoded)) {
            decoded = next;
        }
        String path = Uri.parse(decoded).path().replaceAll("/+", "/");
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        boolean relative = path.indexOf('\0') >= 0 || List.of(decoded.split("/", -1)).contains("..")
                || !path.startsWith("/") || List.of(path.split("/", -1)).contains(".");
        if (relative) {
            throw CapstanException.invalid("Invalid model version source: '%s'. If supplying a source as an http, "
                    + "https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be "
                    + "provided without relative path references present. Please provide an absolute path.", source);
        }
    }

    private static boolean isProxiedArtifact(Uri uri) {
        if (uri.scheme().equals("mlflow-artifacts")) {
            return true;
        }
        if (!uri.scheme().equals("http") && !uri.scheme().equals("https")) {
            return false;
        }
        List<String> parts = segments(uri.path());
        for (int i = 0; i + PROXY_ROUTE.size() <= parts.size(); i++) {
            if (parts.subList(i, i + PROXY_ROUTE.size()).equals(PROXY_ROUTE)) {
                return true;
            }
        }
        return false;
    }

    /** Same scheme and authority, and the root's path segments are a prefix of the source's. */
    private static boolean within(Uri source, Uri root) {
        List<String> rootParts = segments(root.path());
        List<String> sourceParts = segments(source.path());
        return source.scheme().equals(root.scheme())
                && orEmpty(source.authority()).toLowerCase(Locale.ROOT).equals(orEmpty(root.authority()).toLowerCase(Locale.ROOT))
                && !rootParts.isEmpty() && sourceParts.size() >= rootParts.size()
                && sourceParts.subList(0, rootParts.size()).equals(rootParts);
    }

    private static List<String> segments(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                String decoded = part;
                for (String next = unquote(decoded, false); !next.equals(decoded); next = unquote(decoded, false)) {
                    decoded = next;
                }
                parts.add(decoded);
            }
        }
        return parts;
    }

    private static Path localPath(String uri) {
        String path = uri;
        if (path.regionMatches(true, 0, "file:", 0, 5)) {
            path = Uri.parse(uri).path();
        }
        try {
            return Path.of(unquote(path, false)).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw CapstanException.invalid("Invalid model version source: '%s'.", uri);
        }
    }

    private static CapstanException invalidSource(String source, String idName) {
        return CapstanException.invalid("Invalid model version source: '%s'. The %s request parameter must identify "
                + "the resource that contains the source.", source, idName);
    }

    private static String unquotePlus(String text) {
        return unquote(text, true);
    }

    /** Python's {@code urllib.parse.unquote(_plus)}: malformed escapes stay as written. */
    private static String unquote(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()
                    && Character.digit(text.charAt(i + 1), 16) >= 0 && Character.digit(text.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
                continue;
            }
            if (bytes.size() > 0) {
                out.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
            }
            out.append(plusIsSpace && c == '+' ? ' ' : c);
        }
        if (bytes.size() > 0) {
            out.append(bytes.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static String strip(String text, char c) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == c) {
            start++;
        }
        while (end > start && text.charAt(end - 1) == c) {
            end--;
        }
        return text.substring(start, end);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /**
     * The parts of a URI as Python's {@code urlparse} splits them.
     *
     * @param scheme lower case; empty when there is none (a local path)
     * @param authority the part after {@code //}; null when absent
     * @param path without query or fragment
     */
    record Uri(String scheme, String authority, String path) {

        static Uri parse(String text) {
            String scheme = "";
            String rest = text;
            int colon = text.indexOf(':');
            if (colon > 0 && isScheme(text.substring(0, colon))) {
                scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
                rest = text.substring(colon + 1);
            }
            String authority = null;
            if (rest.startsWith("//")) {
                int end = 2;
                while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
                    end++;
                }
                authority = rest.substring(2, end);
                rest = rest.substring(end);
            }
            int cut = rest.length();
            for (char c : new char[] {'?', '#'}) {
                int at = rest.indexOf(c);
                if (at >= 0 && at < cut) {
                    cut = at;
                }
            }
            return new Uri(scheme, authority, rest.substring(0, cut));
        }

        boolean isLocal() {
            return scheme.isEmpty() || scheme.equals("file");
        }

        private static boolean isScheme(String candidate) {
            if (!Character.isLetter(candidate.charAt(0)) || candidate.charAt(0) > 0x7f) {
                return false;
            }
            for (int i = 1; i < candidate.length(); i++) {
                char c = candidate.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '+' || c == '-' || c == '.';
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }
}
