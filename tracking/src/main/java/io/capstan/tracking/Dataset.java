package io.capstan.tracking;

import java.util.Objects;

/**
 * A dataset a run consumed, identified within an experiment by (name, digest).
 *
 * @param schema JSON text or null
 * @param profile JSON text or null
 */
public record Dataset(String name, String digest, String sourceType, String source,
                      String schema, String profile) {
    public Dataset {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(digest, "digest is null");
        Objects.requireNonNull(sourceType, "sourceType is null");
        Objects.requireNonNull(source, "source is null");
    }
}
