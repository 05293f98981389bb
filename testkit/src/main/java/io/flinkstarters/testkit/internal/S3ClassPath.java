package io.flinkstarters.testkit.internal;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;

/**
 * The class path s3proxy runs on: the JVM's class path without Flink's file-system plugin jars.
 *
 * <p>Those jars (flink-s3-fs-hadoop and its kin) bundle an unrelocated, older Guava. In the application
 * class loader whichever jar comes first wins, so s3proxy fails ({@code ImmutableMap$Builder.buildOrThrow})
 * when the plugin jar is declared before it. s3proxy never needs a Flink file system, so leaving those
 * jars out is enough for it to see only the Guava it was built for, whatever the declaration order.
 */
@Internal
public final class S3ClassPath {

    /** flink-s3-fs-hadoop, flink-s3-fs-presto, flink-azure-fs-hadoop, flink-gs-fs-hadoop, flink-oss-fs-hadoop. */
    private static final Pattern FLINK_FILE_SYSTEM_PLUGIN =
            Pattern.compile("flink-[a-z0-9]+-fs-(hadoop|presto)\\b.*\\.jar");

    private S3ClassPath() {}

    /** The entries of {@code java.class.path} (manifest-only jars expanded), minus Flink file-system plugin jars. */
    public static List<URL> forS3Proxy() {
        List<URL> urls = new ArrayList<>();
        for (Path entry : JvmClassPath.entries()) {
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

    private static URL toUrl(Path entry) {
        try {
            return entry.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("Class path entry is not a URL: " + entry, e);
        }
    }
}
