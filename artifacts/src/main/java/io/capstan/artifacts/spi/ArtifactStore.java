package io.capstan.artifacts.spi;

import io.capstan.artifacts.ArtifactPath;
import io.capstan.artifacts.FileInfo;
import io.capstan.core.CapstanException;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Stores artifact bytes under validated relative paths. Designed so an object store (S3) fits:
 * whole-object puts, streaming reads, prefix listings, multipart uploads.
 *
 * <p>A put is atomic: readers see the old content or the new, never a partial file, and an
 * acknowledged put survives a crash. Implementations are thread-safe.
 */
public interface ArtifactStore {

    /** An open artifact: its size and a stream the caller closes. */
    record Artifact(long size, InputStream content) {
    }

    /** Writes {@code content} fully, then makes it visible at {@code path}, replacing any file. */
    void put(ArtifactPath path, InputStream content) throws IOException;

    /** Opens a file; empty when there is no file (directories are not files). */
    Optional<Artifact> open(ArtifactPath path) throws IOException;

    /**
     * Direct children of a directory, sorted by name, each {@link FileInfo#path()} being the
     * child's path relative to the store root. Empty for a missing directory or a file.
     */
    List<FileInfo> list(ArtifactPath directory) throws IOException;

    /** Deletes a file or a whole directory. @throws CapstanException RESOURCE_DOES_NOT_EXIST */
    void delete(ArtifactPath path) throws IOException;

    /** Starts a multipart upload to {@code path}; returns its id. */
    String createMultipartUpload(ArtifactPath path) throws IOException;

    /**
     * Stores one part (numbered from 1) of an upload; returns its ETag.
     *
     * @throws CapstanException RESOURCE_DOES_NOT_EXIST for an unknown upload
     */
    String uploadPart(ArtifactPath path, String uploadId, int partNumber, InputStream content) throws IOException;

    /** Joins the parts in order into the file and makes it visible atomically. */
    void completeMultipartUpload(ArtifactPath path, String uploadId, List<Integer> partNumbers) throws IOException;

    /** Drops an upload's parts. */
    void abortMultipartUpload(ArtifactPath path, String uploadId) throws IOException;
}
