package io.flinkstarters.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * The class path s3proxy runs on: the JVM's class path without Flink's file-system plugin jars.
 *
 * <p>Those jars (flink-s3-fs-hadoop and its kin) bundle an unrelocated, older Guava. In the application
 * class loader whichever jar comes first wins, so s3proxy fails ({@code ImmutableMap$Builder.buildOrThrow})
 * when the plugin jar is declared before it. s3proxy never needs a Flink file system, so leaving those
 * jars out is enough for it to see only the Guava it was built for, whatever the declaration order.
 */
public final class S3ClassPath {

    /** flink-s3-fs-hadoop, flink-s3-fs-presto, flink-azure-fs-hadoop, flink-gs-fs-hadoop, flink-oss-fs-hadoop. */
    private static final Pattern FLINK_FILE_SYSTEM_PLUGIN = Pattern.compile("flink-[a-z0-9]+-fs-(hadoop|presto)\\b.*\\.jar");

    private S3ClassPath() {}

    /** The entries of {@code java.class.path} (manifest-only jars expanded), minus Flink file-system plugin jars. */
    public static List<URL> forS3Proxy() {
        List<URL> urls = new ArrayList<>();
        for (Path entry : expandedClassPath()) {
            if (!isFlinkFileSystemPlugin(entry)) {
                urls.add(toUrl(entry));
            }
        }
        return urls;
    }

    /** Whether the entry is one of the jars s3proxy must not see. */
    public static boolean isFlinkFileSystemPlugin(Path entry) {
        return FLINK_FILE_SYSTEM_PLUGIN.matcher(entry.getFileName().toString()).matches();
    }

    private static Set<Path> expandedClassPath() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String element : System.getProperty("java.class.path", "").split(Pattern.quote(File.pathSeparator))) {
            if (!element.isEmpty()) {
                addExpanded(Paths.get(element).toAbsolutePath(), entries);
            }
        }
        return entries;
    }

    /**
     * A launcher may put a manifest-only jar on the class path whose {@code Class-Path} names the real
     * entries (Surefire's fallback, IDEs with long class paths); expand it, or the plugin jar would come
     * back through the manifest.
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
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            boolean hasClasses = jar.stream().anyMatch(e -> e.getName().endsWith(".class"));
            if (classPath == null || classPath.isBlank() || hasClasses) {
                return List.of();
            }
            URL base = toUrl(entry);
            List<Path> referenced = new ArrayList<>();
            for (String relative : Arrays.asList(classPath.trim().split("\\s+"))) {
                referenced.add(Paths.get(new URL(base, relative).toURI()));
            }
            return referenced;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read class path entry " + entry, e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("Bad Class-Path in the manifest of " + entry, e);
        }
    }

    private static URL toUrl(Path entry) {
        try {
            return entry.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("Class path entry is not a URL: " + entry, e);
        }
    }
}
