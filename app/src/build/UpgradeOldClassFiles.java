import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step of the app module (maven-antrun-plugin, JDK 24+): rewrites in place, in each jar of the
 * given directory, the class files older than Java 6 (class file version below 50) as Java 8 class files
 * (version 52) with stack map frames; the code is otherwise emitted as it was.
 *
 * <p>Why: JDK 25 keeps no class older than Java 6 in a class-data archive or an AOT cache, and verifies
 * such classes on every start with the old type-inferring verifier. picocli is compiled for Java 5, and
 * every command loads about 170 of its classes: with them upgraded, the AOT caches of {@code capstan
 * drift} and {@code capstan validate} hold them, and both commands start 0.08-0.1 s sooner (0.15 s less
 * CPU; docs/benchmarks.md). A jar with a class that cannot be rewritten (e.g. {@code jsr} instructions,
 * which Java 7+ class files may not hold) is left as it is.
 *
 * <p>Usage: {@code java UpgradeOldClassFiles.java DIR}
 */
public final class UpgradeOldClassFiles {
    private static final int JAVA_6 = 50;
    private static final int JAVA_8 = 52;

    private UpgradeOldClassFiles() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java UpgradeOldClassFiles.java DIR");
            System.exit(2);
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            dir.forEach(jars::add);
        }
        for (Path jar : jars) {
            upgrade(jar);
        }
    }

    private static void upgrade(Path jar) throws IOException {
        if (!hasOldClasses(jar)) {
            return;
        }
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                OutputStream file = Files.newOutputStream(rewritten);
                ZipOutputStream out = new ZipOutputStream(file)) {
            // stack maps need the class hierarchy: the JDK's, then the jar's own classes
            ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().endsWith(".class") && majorVersion(bytes) < JAVA_6) {
                    ClassModel model = classFile.parse(bytes);
                    // rebuilding every method body is what makes the API emit stack maps
                    bytes = classFile.transformClass(model, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                            .andThen(ClassTransform.endHandler(builder -> builder.withVersion(JAVA_8, 0))));
                    upgraded++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (RuntimeException e) {
            Files.deleteIfExists(rewritten);
            System.out.println("UpgradeOldClassFiles: " + jar.getFileName() + " left as it is: " + e);
            return;
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("UpgradeOldClassFiles: " + jar.getFileName() + ": " + upgraded
                + " class files from before Java 6 rewritten as Java 8 class files");
    }

    private static boolean hasOldClasses(Path jar) throws IOException {
        try (InputStream file = Files.newInputStream(jar); ZipInputStream in = new ZipInputStream(file)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.getName().endsWith(".class") && majorVersion(in.readNBytes(8)) < JAVA_6) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The class file's major version, or {@link #JAVA_6} when the bytes are not a class file. */
    private static int majorVersion(byte[] bytes) {
        if (bytes.length < 8 || (bytes[0] & 0xff) != 0xCA || (bytes[1] & 0xff) != 0xFE) {
            return JAVA_6;
        }
        return ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
    }
}
