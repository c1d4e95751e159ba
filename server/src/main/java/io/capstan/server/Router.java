package io.capstan.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route table: exact paths, paths with {@code {name}} segments, and prefix routes whose
 * remainder (slashes included) is one parameter named {@code path}. Built once at start-up, then
 * read-only and thread-safe.
 */
public final class Router {
    /** A match: the handler and the path parameters. */
    public record Match(RouteHandler handler, Map<String, String> pathParams) {
    }

    private record Pattern(String method, String[] segments, RouteHandler handler) {
    }

    private record Prefix(String method, String prefix, RouteHandler handler) {
    }

    private final Map<String, RouteHandler> exact = new HashMap<>();
    private final List<Pattern> patterns = new ArrayList<>();
    private final List<Prefix> prefixes = new ArrayList<>();

    /** Adds a route; {@code path} may contain {@code {name}} segments. */
    public Router add(String method, String path, RouteHandler handler) {
        if (path.contains("{")) {
            patterns.add(new Pattern(method, path.split("/"), handler));
        } else {
            exact.put(method + " " + path, handler);
        }
        return this;
    }

    /** Adds a route for every path under {@code prefix}; the rest is the {@code path} parameter. */
    public Router addPrefix(String method, String prefix, RouteHandler handler) {
        prefixes.add(new Prefix(method, prefix.endsWith("/") ? prefix : prefix + "/", handler));
        return this;
    }

    /** The route for a request, if any. */
    public Optional<Match> match(String method, String path) {
        RouteHandler handler = exact.get(method + " " + path);
        if (handler != null) {
            return Optional.of(new Match(handler, Map.of()));
        }
        String[] segments = path.split("/");
        for (Pattern pattern : patterns) {
            if (!pattern.method().equals(method) || pattern.segments().length != segments.length) {
                continue;
            }
            Map<String, String> params = new HashMap<>();
            boolean ok = true;
            for (int i = 0; i < segments.length && ok; i++) {
                String want = pattern.segments()[i];
                if (want.startsWith("{")) {
                    params.put(want.substring(1, want.length() - 1), segments[i]);
                } else {
                    ok = want.equals(segments[i]);
                }
            }
            if (ok) {
                return Optional.of(new Match(pattern.handler(), params));
            }
        }
        for (Prefix prefix : prefixes) {
            if (prefix.method().equals(method) && path.startsWith(prefix.prefix())) {
                return Optional.of(new Match(prefix.handler(), Map.of("path", path.substring(prefix.prefix().length()))));
            }
        }
        return Optional.empty();
    }

    /** Whether some route serves {@code path} with another method (for 405 answers). */
    public boolean knowsPath(String path) {
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            if (match(method, path).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
