package io.flinkstarters.testkit.internal;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import org.apache.flink.annotation.Internal;

/**
 * Drives an {@link S3ProxyServer} that lives in an {@link S3IsolatedClassLoader}. The surface is four
 * reflective calls with JDK types (constructor, start, stop, close). Each runs with the isolated loader
 * as the thread's context class loader, because jclouds finds its providers through it and Jetty's
 * threads inherit it.
 */
@Internal
public final class S3ProxyHandle implements AutoCloseable {

    /** By name, so the application's class loader never loads the server class (or what it links to). */
    private static final String SERVER_CLASS = S3ProxyHandle.class.getPackageName() + ".S3ProxyServer";

    private final S3IsolatedClassLoader loader;
    private final Object server;

    private S3ProxyHandle(S3IsolatedClassLoader loader, Object server) {
        this.loader = loader;
        this.server = server;
    }

    /** Creates the blob store with one bucket, in a new isolated class loader; does not serve yet. */
    public static S3ProxyHandle create(String bucket, String accessKey, String secretKey) {
        S3IsolatedClassLoader loader =
                new S3IsolatedClassLoader(S3ClassPath.forS3Proxy(), S3ProxyHandle.class.getClassLoader());
        try {
            Class<?> serverClass = Class.forName(SERVER_CLASS, true, loader);
            Object server = inContextOf(
                    loader,
                    () -> serverClass
                            .getConstructor(String.class, String.class, String.class)
                            .newInstance(bucket, accessKey, secretKey));
            return new S3ProxyHandle(loader, server);
        } catch (ClassNotFoundException e) {
            closeQuietly(loader, e);
            throw new IllegalStateException(
                    "The testkit's classes are not on java.class.path, so s3proxy cannot be isolated", e);
        } catch (RuntimeException | Error e) {
            closeQuietly(loader, e);
            throw e;
        }
    }

    /** Serves on 127.0.0.1:{@code port} (0 for any free port); returns the port it bound. */
    public int start(int port) {
        return (Integer) call("start", port);
    }

    /** Stops serving; the objects stay. */
    public void stop() {
        call("stop");
    }

    /** The loader s3proxy runs in, for tests that check the isolation. */
    public ClassLoader classLoader() {
        return loader;
    }

    /** Stops serving, drops the objects and releases the isolated class loader's jars. */
    @Override
    public void close() {
        try {
            call("close");
        } finally {
            try {
                loader.close();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot close s3proxy's class loader", e);
            }
        }
    }

    private Object call(String method, Object... args) {
        return inContextOf(loader, () -> findMethod(method).invoke(server, args));
    }

    private Method findMethod(String name) {
        for (Method method : server.getClass().getMethods()) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new IllegalStateException(SERVER_CLASS + " has no method " + name);
    }

    private static <T> T inContextOf(ClassLoader loader, Callable<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.call();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("s3proxy failed: " + e.getCause(), e.getCause());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot call s3proxy: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void closeQuietly(S3IsolatedClassLoader loader, Throwable failure) {
        try {
            loader.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
