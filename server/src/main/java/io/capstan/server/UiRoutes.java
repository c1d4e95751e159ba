package io.capstan.server;

import io.capstan.core.CapstanException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web UI: the static files Vite built (module {@code ui}) at {@code /}, and {@code index.html}
 * for the UI's own page URLs so that every page can be reloaded and shared. Every answer carries a
 * strict Content-Security-Policy: scripts, styles and images only from this server, no inline
 * scripts, no frames, no plugins. {@code /api} and {@code /ajax-api} are not touched: the UI's
 * paths are listed here explicitly and everything else still falls through to the router's 404.
 */
public final class UiRoutes {
    /** Sent with every UI file. The UI reads the REST API with fetch ({@code connect-src 'self'}). */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'; object-src 'none'";
    /** The UI's client-side routes; index.html answers each of them and everything below them. */
    static final List<String> PAGES = List.of("/experiments", "/runs", "/compare", "/models", "/deployments", "/monitors",
            "/retrain-requests");
    /** Vite names these files after a hash of their content, so they never change under a name. */
    private static final String HASHED = "/assets/";
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    /** Where the built files come from. Returns empty for a file that does not exist. */
    @FunctionalInterface
    public interface Files {
        Optional<byte[]> read(String path) throws IOException;
    }

    private record File(byte[] body, String etag) {
    }

    private final Files files;
    private final ConcurrentHashMap<String, Optional<File>> cache = new ConcurrentHashMap<>();

    public UiRoutes(Files files) {
        this.files = Objects.requireNonNull(files, "files is null");
    }

    /** The files packaged as classpath resources under {@code root} (the {@code ui} module's jar). */
    public static Files classpath(ClassLoader loader, String root) {
        Objects.requireNonNull(loader, "loader is null");
        String base = root.endsWith("/") ? root : root + "/";
        return path -> {
            try (InputStream in = loader.getResourceAsStream(base + path.substring(1))) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            }
        };
    }

    public void register(Router router) {
        router.add("GET", "/", this::index);
        for (String page : PAGES) {
            router.add("GET", page, this::index);
            router.addPrefix("GET", page + "/", this::index);
        }
        router.addPrefix("GET", HASHED, ex -> file(ex, ex.path()));
        router.add("GET", "/favicon.svg", ex -> file(ex, ex.path()));
    }

    private void index(Exchange ex) throws IOException {
        Optional<File> index = load("/index.html");
        if (index.isEmpty()) {
            securityHeaders(ex);
            ex.text(404, "The web UI is not part of this build (built with -Dcapstan.ui.skip=true?). "
                    + "The REST API is at /api/2.0/mlflow/.\n");
            return;
        }
        send(ex, "/index.html", index.get());
    }

    private void file(Exchange ex, String path) throws IOException {
        Optional<File> file = SAFE_PATH.matcher(path).matches() ? load(path) : Optional.empty();
        if (file.isEmpty()) {
            throw CapstanException.notFound("No UI file %s", path);
        }
        send(ex, path, file.get());
    }

    private void send(Exchange ex, String path, File file) throws IOException {
        securityHeaders(ex);
        ex.responseHeader("ETag", file.etag());
        ex.responseHeader("Cache-Control", path.startsWith(HASHED) ? "public, max-age=31536000, immutable" : "no-cache");
        String ifNoneMatch = ex.header("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.contains(file.etag())) {
            ex.noBody(304);
            return;
        }
        ex.bytes(200, contentType(path), file.body());
    }

    private static void securityHeaders(Exchange ex) {
        ex.responseHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ex.responseHeader("X-Content-Type-Options", "nosniff");
        ex.responseHeader("Referrer-Policy", "same-origin");
        ex.responseHeader("X-Frame-Options", "DENY");
    }

    private Optional<File> load(String path) {
        return cache.computeIfAbsent(path, p -> {
            try {
                return files.read(p).map(body -> new File(body, etag(body)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String contentType(String path) {
        String name = path.toLowerCase(Locale.ROOT);
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            case "json", "map" -> "application/json";
            case "txt" -> "text/plain; charset=" + StandardCharsets.UTF_8.name().toLowerCase(Locale.ROOT);
            default -> "application/octet-stream";
        };
    }
}
