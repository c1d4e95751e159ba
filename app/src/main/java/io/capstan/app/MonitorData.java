package io.capstan.app;

import static java.util.Objects.requireNonNull;

import io.capstan.artifacts.ArtifactPath;
import io.capstan.artifacts.spi.ArtifactStore;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.monitoring.spi.TabularSource;
import io.capstan.monitoring.spi.WindowedTables;
import io.capstan.monitoring.table.Table;
import io.capstan.server.ArtifactRoutes;
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
 * artifact store into a temporary file) or a CSV/Parquet path (or glob) on this machine. Local paths
 * must lie under one of the configured data roots once {@code ..} and symbolic links are resolved,
 * so that a monitor cannot read any file the server can. Thread-safe.
 */
final class MonitorData implements TabularSource, WindowedTables {
    private final TabularSource files;
    private final WindowedTables windowedFiles;
    private final RunService runs;
    private final ArtifactStore artifacts;
    private final List<Path> roots;
    private final Path scratch;

    /**
     * @param roots directories local paths must lie in (absolute)
     * @param scratch where fetched artifacts are kept while they are read
     */
    MonitorData(TabularSource files, WindowedTables windowedFiles, RunService runs, ArtifactStore artifacts,
            List<Path> roots, Path scratch) {
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
        return files.read(allowed(uri).toString());
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
