package io.capstan.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.artifacts.ArtifactPath;
import io.capstan.artifacts.FileInfo;
import io.capstan.artifacts.spi.ArtifactStore;
import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import io.capstan.protocol.MlflowRoutes;
import io.capstan.tracking.RunService;

import java.net.URLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code mlflow-artifacts} proxy (upload, download, list, delete, multipart) and the
 * tracking API's run artifact listing. Bodies stream; nothing is buffered whole.
 */
public final class ArtifactRoutes {
    /** The scheme of artifact URIs this server stores itself. */
    public static final String SCHEME = "mlflow-artifacts:";
    private static final Set<String> ACTIVE_CONTENT = Set.of("text/html", "image/svg+xml", "application/javascript",
            "text/javascript", "application/xhtml+xml", "text/xml", "application/xml");

    private final ArtifactStore store;
    private final RunService runs;

    public ArtifactRoutes(ArtifactStore store, RunService runs) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.runs = Objects.requireNonNull(runs, "runs is null");
    }

    public void register(Router router) {
        for (String prefix : MlflowRoutes.ARTIFACT_PREFIXES) {
            router.addPrefix("GET", prefix + "/artifacts/", this::download);
            router.addPrefix("PUT", prefix + "/artifacts/", this::upload);
            router.addPrefix("DELETE", prefix + "/artifacts/", this::delete);
            router.add("GET", prefix + "/artifacts", this::list);
            router.addPrefix("POST", prefix + "/mpu/create/", this::createMultipart);
            router.addPrefix("PUT", prefix + "/mpu/upload/", this::uploadPart);
            router.addPrefix("POST", prefix + "/mpu/complete/", this::completeMultipart);
            router.addPrefix("POST", prefix + "/mpu/abort/", this::abortMultipart);
        }
        MlflowApi.add(router, "GET", "/artifacts/list", this::listRunArtifacts);
        router.add("GET", "/get-artifact", this::getRunArtifact);
    }

    private void download(Exchange ex) throws Exception {
        ArtifactPath path = ArtifactPath.parse(ex.pathParam("path"));
        Optional<ArtifactStore.Artifact> artifact = store.open(path);
        if (artifact.isEmpty()) {
            throw CapstanException.notFound("File '%s' does not exist", path);
        }
        try (var content = artifact.get().content()) {
            noActiveContent(ex);
            ex.stream(contentType(path.name()), artifact.get().size(), content);
        }
    }

    private void upload(Exchange ex) throws Exception {
        ArtifactPath path = ArtifactPath.parse(ex.pathParam("path"));
        if (path.isRoot()) {
            throw CapstanException.invalid("Invalid path: an artifact needs a file name");
        }
        store.put(path, ex.body());
        ex.empty();
    }

    private void delete(Exchange ex) throws Exception {
        store.delete(ArtifactPath.parse(ex.pathParam("path")));
        ex.empty();
    }

    /** Lists a directory with basenames, as MLflow's proxy does. */
    private void list(Exchange ex) throws Exception {
        ArtifactPath dir = ArtifactPath.parse(ex.input().string("path"));
        List<FileInfo> entries = store.list(dir);
        ObjectNode body = Exchange.object();
        if (!entries.isEmpty()) {
            ArrayNode files = body.putArray("files");
            for (FileInfo entry : entries) {
                files.add(fileInfo(ArtifactPath.parse(entry.path()).name(), entry));
            }
        }
        ex.json(body);
    }

    private void createMultipart(Exchange ex) throws Exception {
        ArtifactPath path = ArtifactPath.parse(ex.pathParam("path"));
        WireInput in = ex.input();
        long parts = in.requiredLong("num_parts");
        if (parts < 1 || parts > 10_000) {
            throw CapstanException.invalid("num_parts must be between 1 and 10000, got %d", parts);
        }
        String uploadId = store.createMultipartUpload(path);
        String host = ex.header("Host");
        if (host == null || host.isEmpty()) {
            throw CapstanException.invalid("A Host header is needed to hand out part upload URLs");
        }
        ObjectNode body = Exchange.object();
        body.put("upload_id", uploadId);
        ArrayNode credentials = body.putArray("credentials");
        String prefix = ex.path().startsWith("/ajax-api") ? MlflowRoutes.AJAX_ARTIFACTS_API : MlflowRoutes.ARTIFACTS_API;
        for (int n = 1; n <= parts; n++) {
            credentials.addObject()
                    .put("url", "http://" + host + prefix + "/mpu/upload/" + path + "?upload_id=" + uploadId
                            + "&part_number=" + n)
                    .put("part_number", n)
                    .putObject("headers");
        }
        ex.json(body);
    }

    private void uploadPart(Exchange ex) throws Exception {
        ArtifactPath path = ArtifactPath.parse(ex.pathParam("path"));
        var query = ex.query();
        String uploadId = first(query.get("upload_id"), "upload_id");
        int partNumber;
        try {
            partNumber = Integer.parseInt(first(query.get("part_number"), "part_number"));
        } catch (NumberFormatException e) {
            throw CapstanException.invalid("Invalid value for parameter 'part_number'");
        }
        String etag = store.uploadPart(path, uploadId, partNumber, ex.body());
        ex.responseHeader("ETag", "\"" + etag + "\"");
        ex.empty();
    }

    private void completeMultipart(Exchange ex) throws Exception {
        ArtifactPath path = ArtifactPath.parse(ex.pathParam("path"));
        WireInput in = ex.input();
        List<Integer> numbers = new ArrayList<>();
        for (WireInput part : in.messages("parts", p -> p)) {
            numbers.add(part.intValue("part_number") == null ? 0 : part.intValue("part_number"));
        }
        store.completeMultipartUpload(path, in.requiredString("upload_id"), numbers);
        ex.empty();
    }

    private void abortMultipart(Exchange ex) throws Exception {
        store.abortMultipartUpload(ArtifactPath.parse(ex.pathParam("path")), ex.input().requiredString("upload_id"));
        ex.empty();
    }

    /** Tracking API listing: paths relative to the run's artifact root. */
    private void listRunArtifacts(Exchange ex) throws Exception {
        WireInput in = ex.input();
        var run = runs.get(RunRoutes.runId(in));
        String rootUri = run.info().artifactUri();
        ArtifactPath relative = ArtifactPath.parse(in.string("path"));
        ObjectNode body = Exchange.object();
        body.put("root_uri", rootUri);
        Optional<ArtifactPath> base = storePath(rootUri);
        if (base.isPresent()) {
            ArrayNode files = listRelative(store, base.get(), relative);
            if (!files.isEmpty()) {
                body.set("files", files);
            }
        }
        ex.json(body);
    }

    /**
     * The entries of {@code base/relative} as FileInfo JSON whose paths are relative to
     * {@code base} (the tracking API's run and logged-model listings).
     */
    static ArrayNode listRelative(ArtifactStore store, ArtifactPath base, ArtifactPath relative)
            throws java.io.IOException {
        ArrayNode files = Exchange.object().arrayNode();
        for (FileInfo entry : store.list(base.resolve(relative))) {
            String name = ArtifactPath.parse(entry.path()).name();
            files.add(fileInfo(relative.isRoot() ? name : relative.value() + "/" + name, entry));
        }
        return files;
    }

    /** The UI's single-file download of a run artifact. */
    private void getRunArtifact(Exchange ex) throws Exception {
        var query = ex.query();
        String runId = query.containsKey("run_id") ? first(query.get("run_id"), "run_id") : first(query.get("run_uuid"), "run_id");
        var run = runs.get(runId);
        ArtifactPath relative = ArtifactPath.parse(first(query.get("path"), "path"));
        ArtifactPath base = storePath(run.info().artifactUri()).orElseThrow(() -> new CapstanException(
                ErrorCode.INVALID_PARAMETER_VALUE, "The run's artifacts are not stored by this server"));
        ArtifactPath full = base.resolve(relative);
        var artifact = store.open(full).orElseThrow(() -> CapstanException.notFound("File '%s' does not exist", relative));
        try (var content = artifact.content()) {
            noActiveContent(ex);
            ex.responseHeader("Content-Disposition", "attachment; filename=\"" + relative.name().replace("\"", "") + "\"");
            ex.stream(contentType(relative.name()), artifact.size(), content);
        }
    }

    /**
     * Artifacts are user data: a browser that opens one directly must neither sniff it into HTML
     * nor run anything in it (the CSP sandbox also gives it an opaque origin).
     */
    static void noActiveContent(Exchange ex) {
        ex.responseHeader("X-Content-Type-Options", "nosniff");
        ex.responseHeader("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    }

    /** The store path an {@code mlflow-artifacts:} URI names, if this server holds it. */
    public static Optional<ArtifactPath> storePath(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            return Optional.empty();
        }
        String rest = uri.substring(SCHEME.length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        return Optional.of(ArtifactPath.parse(rest));
    }

    private static ObjectNode fileInfo(String path, FileInfo entry) {
        ObjectNode node = Exchange.object();
        node.put("path", path);
        node.put("is_dir", entry.isDir());
        if (entry.size() != null && entry.size() > 0) {
            // MLflow omits a zero size (proto2 default)
            node.put("file_size", entry.size());
        }
        return node;
    }

    private static String first(List<String> values, String name) {
        if (values == null || values.isEmpty() || values.getFirst().isEmpty()) {
            throw WireInput.missing(name);
        }
        return values.getFirst();
    }

    /** A content type from the file name; active content (HTML, SVG, scripts) is served as bytes. */
    static String contentType(String name) {
        String guessed = URLConnection.getFileNameMap().getContentTypeFor(name.toLowerCase(Locale.ROOT));
        if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
            guessed = "application/json";
        }
        if (guessed == null || ACTIVE_CONTENT.contains(guessed)) {
            return "application/octet-stream";
        }
        return guessed;
    }
}
