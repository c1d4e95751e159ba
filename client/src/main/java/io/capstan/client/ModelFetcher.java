package io.capstan.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.core.CapstanException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Resolves an MLflow model URI against a tracking server and downloads the model's files, as
 * {@code mlflow models serve -m URI} does: {@code models:/<name>@<alias>},
 * {@code models:/<name>/<version>}, {@code models:/<name>/latest}, {@code models:/<model_id>}
 * (MLflow 3 logged models) and {@code runs:/<run_id>/<path>}. Files come through the server's
 * artifact proxy ({@code mlflow-artifacts:}), or from the local file system when the server stores
 * artifacts in a directory this machine can read.
 *
 * <p>Thread-safe if the client is.
 */
public final class ModelFetcher {
    private static final Pattern ALIAS = Pattern.compile("models:/([^/@]+)@([^/]+)/?");
    private static final Pattern VERSION = Pattern.compile("models:/([^/@]+)/([^/]+)/?");
    private static final Pattern LOGGED_MODEL = Pattern.compile("models:/([^/@]+)/?");
    private static final Pattern RUN = Pattern.compile("runs:/([^/]+)/(.+)");
    private static final int MAX_HOPS = 4;

    /**
     * A downloaded model.
     *
     * @param name the name it answers under: the registered model's name, a logged model's name,
     *     or the last segment of a run's artifact path
     * @param version the registry version, the logged model's id, or the run's id
     * @param directory the folder holding {@code MLmodel}
     */
    public record Fetched(String name, String version, Path directory) {
    }

    private final CapstanClient client;

    /** @param client the tracking server to resolve against; not null */
    public ModelFetcher(CapstanClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    /**
     * Resolves {@code modelUri} and downloads its files into {@code into} (created if missing).
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE for a URI this cannot resolve (the message
     *     lists the forms it takes)
     * @throws CapstanClientException when the server refuses, e.g. RESOURCE_DOES_NOT_EXIST
     * @throws ServerUnreachableException when the server cannot be reached
     */
    public Fetched fetch(String modelUri, Path into) {
        requireNonNull(modelUri, "modelUri is null");
        requireNonNull(into, "into is null");
        String name;
        String version;
        String location;
        Matcher m;
        if ((m = ALIAS.matcher(modelUri)).matches()) {
            name = m.group(1);
            version = client.getModelVersionByAlias(name, m.group(2)).path("version").asText();
            location = client.getModelVersionDownloadUri(name, version);
        } else if ((m = VERSION.matcher(modelUri)).matches()) {
            name = m.group(1);
            version = m.group(2).equalsIgnoreCase("latest")
                    ? client.getLatestModelVersion(name).path("version").asText() : m.group(2);
            location = client.getModelVersionDownloadUri(name, version);
        } else if ((m = LOGGED_MODEL.matcher(modelUri)).matches()) {
            JsonNode info = client.getLoggedModel(m.group(1)).path("info");
            name = info.path("name").asText(m.group(1));
            version = m.group(1);
            location = modelUri;
        } else if ((m = RUN.matcher(modelUri)).matches()) {
            String path = m.group(2).replaceAll("/+$", "");
            name = path.substring(path.lastIndexOf('/') + 1);
            version = m.group(1);
            location = modelUri;
        } else {
            throw CapstanException.invalid("Cannot resolve model URI '%s'; use models:/<name>@<alias>, "
                    + "models:/<name>/<version>, models:/<name>/latest, models:/<model_id>, runs:/<run_id>/<path> "
                    + "or a local directory", modelUri);
        }
        try {
            Files.createDirectories(into);
            download(location, into, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the model into " + into, e);
        }
        return new Fetched(name, version, into);
    }

    private void download(String location, Path into, int hops) throws IOException {
        if (hops > MAX_HOPS) {
            throw CapstanException.invalid("Model location '%s' does not resolve to files after %d steps",
                    location, MAX_HOPS);
        }
        Matcher m;
        if ((m = RUN.matcher(location)).matches()) {
            String root = client.getRun(m.group(1)).path("info").path("artifact_uri").asText();
            download(stripSlash(root) + "/" + m.group(2), into, hops + 1);
        } else if ((m = LOGGED_MODEL.matcher(location)).matches()) {
            JsonNode info = client.getLoggedModel(m.group(1)).path("info");
            download(info.path("artifact_uri").asText(), into, hops + 1);
        } else if (location.startsWith("mlflow-artifacts:")) {
            downloadProxied(proxyPath(location), into);
        } else if (location.startsWith("file:") || location.startsWith("/")) {
            copyLocal(location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location), into);
        } else {
            throw CapstanException.invalid("Model files are at '%s', which Capstan cannot download yet (it reads "
                    + "mlflow-artifacts:/ through the tracking server, and local paths)", location);
        }
    }

    /** {@code mlflow-artifacts:/1/x} and {@code mlflow-artifacts://host:port/1/x} both name {@code 1/x}. */
    private static String proxyPath(String location) {
        String rest = location.substring("mlflow-artifacts:".length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        return rest.replaceAll("^/+", "").replaceAll("/+$", "");
    }

    private void downloadProxied(String path, Path into) throws IOException {
        for (JsonNode file : client.listProxiedArtifacts(path)) {
            String relative = file.path("path").asText();
            String name = relative.substring(relative.lastIndexOf('/') + 1);
            Path target = inside(into, name);
            String full = path.isEmpty() ? relative : path + "/" + name;
            if (file.path("is_dir").asBoolean(false)) {
                Files.createDirectories(target);
                downloadProxied(full, target);
            } else {
                client.downloadProxiedArtifact(full, target);
            }
        }
    }

    private static void copyLocal(Path source, Path into) throws IOException {
        if (!Files.isDirectory(source)) {
            throw CapstanException.notFound("Model directory '%s' does not exist on this machine", source);
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = inside(into, source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A file name the server gave, refused if it would land outside the download folder. */
    private static Path inside(Path dir, String relative) {
        Path target = dir.resolve(relative).normalize();
        if (relative.isEmpty() || !target.startsWith(dir.normalize())) {
            if (relative.isEmpty()) {
                return dir;
            }
            throw CapstanException.invalid("The server listed artifact '%s', which is outside the model folder",
                    relative);
        }
        return target;
    }

    private static String stripSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
