package io.capstan.artifacts.local;

import io.capstan.artifacts.ArtifactPath;
import io.capstan.artifacts.FileInfo;
import io.capstan.artifacts.spi.ArtifactStore;
import io.capstan.core.CapstanException;
import io.capstan.core.IdGenerator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Artifacts in a local directory. Files are written to a temporary file, forced to disk and
 * renamed into place, so a crash never leaves a partial artifact. Paths never leave the root:
 * they are validated {@link ArtifactPath}s, and a symbolic link anywhere on the way is refused.
 */
public final class LocalArtifactStore implements ArtifactStore {
    /** Work folders inside the root, hidden from listings. */
    static final String TMP = ".capstan-tmp";
    static final String MULTIPART = ".capstan-mpu";
    /** A temp file untouched this long belongs to a write that died with its process. */
    static final long ABANDONED_AFTER_MILLIS = 6 * 60 * 60 * 1000L;

    private final Path root;
    private final IdGenerator ids;

    public LocalArtifactStore(Path root, IdGenerator ids) throws IOException {
        this.root = Files.createDirectories(Objects.requireNonNull(root, "root is null")).toRealPath();
        this.ids = Objects.requireNonNull(ids, "ids is null");
        Files.createDirectories(this.root.resolve(TMP));
        Files.createDirectories(this.root.resolve(MULTIPART));
        removeAbandonedTempFiles();
    }

    /**
     * Deletes temp files a crash left behind. Only old ones: other servers sharing this directory
     * may be writing theirs right now.
     */
    private void removeAbandonedTempFiles() throws IOException {
        long cutoff = System.currentTimeMillis() - ABANDONED_AFTER_MILLIS;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(root.resolve(TMP))) {
            for (Path temp : temps) {
                if (Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(ArtifactPath path, InputStream content) throws IOException {
        Path target = file(path);
        Path temp = Files.createTempFile(root.resolve(TMP), "put-", ".part");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                content.transferTo(out);
                out.flush();
                channel.force(true);
            }
            publish(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<Artifact> open(ArtifactPath path) throws IOException {
        Path file = file(path);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Artifact(Files.size(file), Files.newInputStream(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<FileInfo> list(ArtifactPath directory) throws IOException {
        Path dir = file(directory);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<FileInfo> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (directory.isRoot() && (name.equals(TMP) || name.equals(MULTIPART))) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink()) {
                    continue;
                }
                String relative = directory.isRoot() ? name : directory.value() + "/" + name;
                entries.add(new FileInfo(relative, attributes.isDirectory(),
                        attributes.isDirectory() ? null : attributes.size()));
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        entries.sort(Comparator.comparing(FileInfo::path));
        return entries;
    }

    @Override
    public void delete(ArtifactPath path) throws IOException {
        if (path.isRoot()) {
            throw CapstanException.invalid("Refusing to delete the artifact root");
        }
        Path target = file(path);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw CapstanException.notFound("No artifact at '%s'", path);
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(target)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } else {
            Files.deleteIfExists(target);
        }
    }

    @Override
    public String createMultipartUpload(ArtifactPath path) throws IOException {
        file(path);
        String uploadId = ids.hex32();
        Files.createDirectories(root.resolve(MULTIPART).resolve(uploadId));
        return uploadId;
    }

    @Override
    public String uploadPart(ArtifactPath path, String uploadId, int partNumber, InputStream content) throws IOException {
        Path dir = uploadDir(uploadId);
        if (partNumber < 1 || partNumber > 10_000) {
            throw CapstanException.invalid("Invalid part number %d: parts are numbered 1 to 10000", partNumber);
        }
        Path part = dir.resolve(Integer.toString(partNumber));
        Path temp = Files.createTempFile(dir, "part-", ".tmp");
        try {
            java.security.MessageDigest md5 = md5();
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = new java.security.DigestOutputStream(
                         java.nio.channels.Channels.newOutputStream(channel), md5)) {
                content.transferTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, part, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return HexFormat.of().formatHex(md5.digest());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void completeMultipartUpload(ArtifactPath path, String uploadId, List<Integer> partNumbers)
            throws IOException {
        Path dir = uploadDir(uploadId);
        Path target = file(path);
        Path temp = Files.createTempFile(root.resolve(TMP), "mpu-", ".part");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                for (int number : partNumbers) {
                    Path part = dir.resolve(Integer.toString(number));
                    if (!Files.isRegularFile(part)) {
                        throw CapstanException.invalid("Part %d of upload %s was never uploaded", number, uploadId);
                    }
                    try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
                        long size = in.size();
                        long done = 0;
                        while (done < size) {
                            done += in.transferTo(done, size - done, out);
                        }
                    }
                }
                out.force(true);
            }
            publish(temp, target);
            deleteTree(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void abortMultipartUpload(ArtifactPath path, String uploadId) throws IOException {
        deleteTree(uploadDir(uploadId));
    }

    private Path uploadDir(String uploadId) {
        if (uploadId == null || !uploadId.matches("[0-9a-f]{32}")) {
            throw CapstanException.invalid("Invalid upload id '%s'", uploadId);
        }
        Path dir = root.resolve(MULTIPART).resolve(uploadId);
        if (!Files.isDirectory(dir)) {
            throw CapstanException.notFound("No multipart upload with id '%s'", uploadId);
        }
        return dir;
    }

    /**
     * The file system path for an artifact path. Refuses any symbolic link between the root and
     * the target, so a link planted in the store cannot lead outside it.
     */
    private Path file(ArtifactPath path) {
        Path current = root;
        if (path.isRoot()) {
            return root;
        }
        for (String segment : path.value().split("/")) {
            if (current.equals(root) && (segment.equals(TMP) || segment.equals(MULTIPART))) {
                throw CapstanException.invalid("Invalid path: '%s'", path);
            }
            current = current.resolve(segment);
            if (Files.isSymbolicLink(current)) {
                throw CapstanException.invalid("Invalid path: '%s' goes through a symbolic link", path);
            }
        }
        if (!current.normalize().startsWith(root)) {
            throw CapstanException.invalid("Invalid path: '%s'", path);
        }
        return current;
    }

    private void publish(Path temp, Path target) throws IOException {
        Path parent = target.getParent();
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw CapstanException.invalid("Cannot write '%s': a parent is a file", root.relativize(target));
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw CapstanException.invalid("Cannot write '%s': it is a directory", root.relativize(target));
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(parent, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // not every file system can sync a directory; the rename itself is atomic
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static java.security.MessageDigest md5() {
        try {
            return java.security.MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }
}
