package io.capstan.artifacts;

import java.util.Objects;

/**
 * One entry of an artifact listing.
 *
 * @param path the entry's path; relative to what the caller listed, as its protocol wants
 * @param size file size in bytes, null for directories
 */
public record FileInfo(String path, boolean isDir, Long size) {
    public FileInfo {
        Objects.requireNonNull(path, "path is null");
    }
}
