package io.capstan.app;

import static java.util.Objects.requireNonNull;

import io.capstan.artifacts.ArtifactPath;
import io.capstan.artifacts.spi.ArtifactStore;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.spi.TabularSource;
import io.capstan.monitoring.spi.WindowedTables;
import io.capstan.monitoring.table.Table;
import io.capstan.registry.ModelVersion;
import io.capstan.registry.RegistryService;
import io.capstan.server.ArtifactRoutes;
import io.capstan.tracking.Dataset;
import io.capstan.tracking.DatasetInput;
import io.capstan.tracking.RunService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The data monitors read, by URI: a run's artifact ({@code runs:/<run_id>/<path>}, fetched from the
 * artifact store into a temporary file), a registered model version's training dataset
 * ({@code models:/<name>/<version>}), or a CSV/Parquet path (or glob) on this machine. Local paths
 * must lie under one of the configured data roots once {@code ..} and symbolic links are resolved,
 * so that a monitor cannot read any file the server can. Thread-safe.
 */
final class MonitorData implements TabularSource, WindowedTables {
    private final TabularSource files;
    private final WindowedTables windowedFiles;
    private final RunService runs;
    private final RegistryService registry;
    private final ArtifactStore artifacts;
    private final List<Path> roots;
    private final Path scratch;

    /**
     * @param roots directories local paths must lie in (absolute)
     * @param scratch where fetched artifacts are kept while they are read
     */
    MonitorData(TabularSource files, WindowedTables windowedFiles, RunService runs, RegistryService registry,
            ArtifactStore artifacts, List<Path> roots, Path scratch) {
        this.registry = requireNonNull(registry, "registry is null");
        this.files = requireNonNull(files, "files is null");
        this.windowedFiles = requireNonNull(windowedFiles, "windowedFiles is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.roots = roots.stream().map(MonitorData::real).toList();
        this.scratch = requireNonNull(scratch, "scratch is null");
    }

    @Override
    public Table read(String uri) {
        if (uri.startsWith("runs:/")) {
            return readArtifact(uri);
        }
        if (uri.startsWith("models:/")) {
            return readTrainingDataset(uri);
        }
        return files.read(allowed(uri).toString());
    }

    /**
     * {@code models:/<name>/<version>} or {@code models:/<name>@<alias>}: the training dataset logged with
     * the version's run ({@code mlflow.log_input(..., context="training")}, or the run's only dataset)
     * when its source is a CSV/Parquet file this server may read, or a {@code runs:/} artifact.
     */
    private Table readTrainingDataset(String uri) {
        String rest = uri.substring("models:/".length());
        int at = rest.indexOf('@');
        int slash = rest.indexOf('/');
        ModelVersion version;
        if (at > 0 && (slash < 0 || at < slash)) {
            version = registry.getModelVersionByAlias(rest.substring(0, at), rest.substring(at + 1));
        } else if (slash > 0 && slash < rest.length() - 1 && rest.indexOf('/', slash + 1) < 0) {
            version = registry.getModelVersion(rest.substring(0, slash), rest.substring(slash + 1));
        } else {
            throw CapstanException.invalid("'%s' must be models:/<name>/<version> or models:/<name>@<alias>", uri);
        }
        if (version.runId() == null || version.runId().isEmpty()) {
            throw CapstanException.invalid("%s has no source run, so no training data is known for it", uri);
        }
        List<DatasetInput> inputs = runs.get(version.runId()).datasetInputs();
        List<DatasetInput> training = inputs.stream().filter(d -> d.tags().stream()
                .anyMatch(t -> t.key().equals("mlflow.data.context") && t.value().equals("training"))).toList();
        List<DatasetInput> candidates = !training.isEmpty() ? training : inputs.size() == 1 ? inputs : List.of();
        if (candidates.isEmpty()) {
            throw CapstanException.invalid("Run %s of %s logged %s; log the training data with mlflow.log_input(dataset,"
                    + " context=\"training\") or use runs:/<run_id>/<artifact path>", version.runId(), uri,
                    inputs.isEmpty() ? "no dataset" : "several datasets and none with context 'training'");
        }
        Dataset dataset = candidates.get(0).dataset();
        String file = datasetFile(dataset);
        if (file == null) {
            throw CapstanException.invalid("The training dataset '%s' of %s comes from a %s source, not a file "
                    + "(log it from a CSV or Parquet file, or use runs:/<run_id>/<artifact path>)", dataset.name(), uri,
                    dataset.sourceType());
        }
        return read(file);
    }

    /** The file a dataset's source names ({@code {"uri": …}} of a local or artifact source), or null. */
    private static String datasetFile(Dataset dataset) {
        String uri;
        try {
            uri = io.capstan.monitoring.monitor.MonitorJson.parse(dataset.source()).path("uri").asText(null);
        } catch (CapstanException e) {
            return null;
        }
        if (uri == null) {
            return null;
        }
        if (uri.startsWith("file://")) {
            uri = uri.substring("file://".length());
        }
        return uri.startsWith("/") || uri.startsWith("runs:/") ? uri : null;
    }

    @Override
    public Table read(String location, String timestampColumn, Instant from, Instant to) {
        if (location.startsWith("runs:/")) {
            throw CapstanException.invalid("A dataset source is a path on the server, not a run's artifact");
        }
        int glob = firstGlob(location);
        if (glob < 0) {
            return windowedFiles.read(allowed(location).toString(), timestampColumn, from, to);
        }
        // the directory part must be allowed and the pattern may not climb out of it
        String pattern = location.substring(location.lastIndexOf('/', glob) + 1);
        if (pattern.contains("..") || pattern.contains("/")) {
            throw CapstanException.invalid("A glob may only match files of one directory: '%s'", location);
        }
        Path dir = allowed(location.substring(0, Math.max(1, location.lastIndexOf('/', glob))));
        return windowedFiles.read(dir.resolve(pattern).toString(), timestampColumn, from, to);
    }

    private static int firstGlob(String location) {
        for (int i = 0; i < location.length(); i++) {
            char c = location.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }

    private Path allowed(String location) {
        if (location.contains("\0")) {
            throw CapstanException.invalid("A path may not contain NUL");
        }
        Path path = Path.of(location);
        if (!path.isAbsolute()) {
            throw CapstanException.invalid("'%s' must be an absolute path (or runs:/<run_id>/<path>)", location);
        }
        if (!Files.exists(path)) {
            throw new CapstanException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "File '%s' does not exist", location);
        }
        Path real = real(path);
        for (Path root : roots) {
            if (real.startsWith(root)) {
                return real;
            }
        }
        throw new CapstanException(ErrorCode.PERMISSION_DENIED, "'%s' is outside the directories monitors may read "
                + "(%s); start the server with --monitor-data-root to allow another", location,
                String.join(", ", roots.stream().map(Path::toString).toList()));
    }

    private static Path real(Path path) {
        try {
            return path.toAbsolutePath().toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private Table readArtifact(String uri) {
        String rest = uri.substring("runs:/".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw CapstanException.invalid("'%s' must be runs:/<run_id>/<artifact path>", uri);
        }
        String runId = rest.substring(0, slash);
        ArtifactPath relative = ArtifactPath.parse(rest.substring(slash + 1));
        String root = runs.get(runId).info().artifactUri();
        Optional<ArtifactPath> base = ArtifactRoutes.storePath(root);
        if (base.isEmpty()) {
            throw CapstanException.invalid("Run %s keeps its artifacts at %s, which this server does not hold", runId,
                    root);
        }
        String name = relative.name();
        String suffix = name.contains(".") ? name.substring(name.lastIndexOf('.')) : ".csv";
        Path temp = null;
        try {
            Optional<ArtifactStore.Artifact> artifact = artifacts.open(base.get().resolve(relative));
            if (artifact.isEmpty()) {
                throw CapstanException.notFound("Run %s has no artifact '%s'", runId, relative);
            }
            Files.createDirectories(scratch);
            temp = Files.createTempFile(scratch, "reference-", suffix);
            try (InputStream in = artifact.get().content()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            return files.read(temp.toString());
        } catch (IOException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, e, "Cannot fetch " + uri + ": " + e.getMessage());
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }
}
