package io.capstan.serving.deploy;

import static java.util.Objects.requireNonNull;

import io.capstan.core.CapstanException;
import io.capstan.core.ErrorCode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the {@link DeploymentStore} implementations share: argument checks, and the upgrade from a file. */
public final class DeploymentStores {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentStores.class);

    private DeploymentStores() {
    }

    /** @throws IllegalArgumentException when {@code expected} and {@code next} name different deployments */
    static void checkSameName(DeploymentSpec expected, DeploymentSpec next) {
        requireNonNull(expected, "expected is null");
        requireNonNull(next, "next is null");
        if (!expected.name().equals(next.name())) {
            throw new IllegalArgumentException("Cannot replace deployment '" + expected.name() + "' with '"
                    + next.name() + "'");
        }
    }

    /**
     * Moves the specs of a {@link FileDeploymentStore} file (where servers before the SQL store
     * kept them) into {@code target} once: every spec whose name {@code target} does not hold yet is
     * saved, then the file is renamed to {@code <file>.imported}, so the next start finds nothing to
     * import. A crash before the rename imports again on the next start and skips what is there.
     * When two replicas start together on one data folder, the one that renames second finds no
     * file and imports nothing more.
     *
     * @param file the old {@code deployments.json}; nothing happens when it does not exist
     * @return how many specs were saved into {@code target}
     * @throws CapstanException INTERNAL_ERROR when the file cannot be read or renamed
     */
    public static int importOnce(Path file, DeploymentStore target) {
        requireNonNull(file, "file is null");
        requireNonNull(target, "target is null");
        if (!Files.exists(file)) {
            return 0;
        }
        List<DeploymentSpec> old = new FileDeploymentStore(file).load();
        Set<String> present = new HashSet<>();
        target.load().forEach(spec -> present.add(spec.name()));
        int imported = 0;
        for (DeploymentSpec spec : old) {
            if (!present.contains(spec.name())) {
                target.save(spec);
                imported++;
            }
        }
        Path done = file.resolveSibling(file.getFileName() + ".imported");
        try {
            Files.move(file, done, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException | FileAlreadyExistsException raced) {
            // another replica on this data folder imported and renamed it first
        } catch (IOException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, e, "Imported the deployments of " + file
                    + " but cannot rename it to " + done.getFileName());
        }
        LOG.info("Imported {} of {} deployments from {} (renamed to {})", imported, old.size(), file,
                done.getFileName());
        return imported;
    }
}
