package io.capstan.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the temporary folders {@code capstan serve} and the model cache leave behind. */
final class Folders {
    private Folders() {
    }

    /** Deletes {@code dir} and everything in it, as far as it can; null does nothing. Never throws. */
    static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a stray temporary folder is harmless, and failing a shutdown or a fetch for it is not
        }
    }
}
