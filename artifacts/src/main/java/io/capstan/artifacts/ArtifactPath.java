package io.capstan.artifacts;

import io.capstan.core.CapstanException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A validated relative artifact path: no absolute paths, no {@code .} or {@code ..} segments, no
 * backslashes, control characters or empty segments. The only way a path reaches a store.
 */
public record ArtifactPath(String value) {
    public static final ArtifactPath ROOT = new ArtifactPath("");
    /** Longest file name most file systems and object keys allow per segment. */
    public static final int MAX_SEGMENT_BYTES = 255;

    public ArtifactPath {
        Objects.requireNonNull(value, "value is null");
    }

    /**
     * Parses a client-supplied path; null or empty is the root. A trailing slash is dropped.
     *
     * @throws CapstanException INVALID_PARAMETER_VALUE for anything that could escape the root
     */
    public static ArtifactPath parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return ROOT;
        }
        String path = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        if (path.startsWith("/") || path.contains("\\") || path.contains("//") || path.matches("^[A-Za-z]:.*")) {
            throw invalid(raw);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalid(raw);
            }
            if (segment.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw CapstanException.invalid("Invalid path: a path segment is longer than %d bytes",
                        MAX_SEGMENT_BYTES);
            }
            for (int i = 0; i < segment.length(); i++) {
                if (segment.charAt(i) < 0x20 || segment.charAt(i) == 0x7f) {
                    throw invalid(raw);
                }
            }
            segments.add(segment);
        }
        return new ArtifactPath(String.join("/", segments));
    }

    public boolean isRoot() {
        return value.isEmpty();
    }

    /** This path with {@code child} (already validated) appended. */
    public ArtifactPath resolve(ArtifactPath child) {
        if (isRoot()) {
            return child;
        }
        return child.isRoot() ? this : new ArtifactPath(value + "/" + child.value);
    }

    /** The last segment. */
    public String name() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? value : value.substring(slash + 1);
    }

    private static CapstanException invalid(String raw) {
        return CapstanException.invalid("Invalid path: '%s'", raw);
    }

    @Override
    public String toString() {
        return value;
    }
}
