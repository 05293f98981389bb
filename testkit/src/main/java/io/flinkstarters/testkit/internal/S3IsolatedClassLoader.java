package io.flinkstarters.testkit.internal;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * The class loader s3proxy runs in. Its parent is the platform class loader, so every class from the
 * class path (Guava, jclouds, Jetty, s3proxy) is loaded from the given entries and never from the
 * application's class loader, where a Flink file-system plugin's Guava may have won.
 *
 * <p>One exception: {@code org.slf4j} comes from the application, so s3proxy logs through the test's
 * own logging binding (s3proxy calls only SLF4J 1.x API).
 */
@Internal
public final class S3IsolatedClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private static final String SHARED_PACKAGE = "org.slf4j.";

    private final ClassLoader application;

    public S3IsolatedClassLoader(List<URL> classPath, ClassLoader application) {
        super("s3proxy-isolated", classPath.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        this.application = application;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SHARED_PACKAGE)) {
            return application.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}
