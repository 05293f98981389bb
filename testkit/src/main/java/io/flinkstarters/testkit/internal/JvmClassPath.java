package io.flinkstarters.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;

/** The entries of this JVM's {@code java.class.path}, with manifest-only jars expanded. */
@Internal
public final class JvmClassPath {

    private JvmClassPath() {}

    /** Absolute paths, in class path order, without duplicates. */
    public static List<Path> entries() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String element : System.getProperty("java.class.path", "").split(Pattern.quote(File.pathSeparator))) {
            if (!element.isEmpty()) {
                addExpanded(Paths.get(element).toAbsolutePath(), entries);
            }
        }
        return new ArrayList<>(entries);
    }

    /**
     * A launcher may put a manifest-only jar on the class path whose {@code Class-Path} names the real
     * entries (Surefire's fallback, IDEs with long class paths); expand it, or what it names would be
     * invisible to anyone reading {@code java.class.path}.
     */
    private static void addExpanded(Path entry, Set<Path> entries) {
        List<Path> manifestEntries = manifestOnlyClassPath(entry);
        if (manifestEntries.isEmpty()) {
            entries.add(entry);
        } else {
            manifestEntries.forEach(referenced -> addExpanded(referenced, entries));
        }
    }

    private static List<Path> manifestOnlyClassPath(Path entry) {
        if (!Files.isRegularFile(entry) || !entry.getFileName().toString().endsWith(".jar")) {
            return List.of();
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath =
                    manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            boolean hasClasses = jar.stream().anyMatch(e -> e.getName().endsWith(".class"));
            if (classPath == null || classPath.isBlank() || hasClasses) {
                return List.of();
            }
            URL base = entry.toUri().toURL();
            List<Path> referenced = new ArrayList<>();
            for (String relative : classPath.trim().split("\\s+")) {
                referenced.add(Paths.get(new URL(base, relative).toURI()));
            }
            return referenced;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read class path entry " + entry, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Bad Class-Path in the manifest of " + entry, e);
        }
    }
}
