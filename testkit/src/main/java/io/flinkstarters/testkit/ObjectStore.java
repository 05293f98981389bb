package io.flinkstarters.testkit;

import io.flinkstarters.testkit.internal.S3FlinkOptions;
import io.flinkstarters.testkit.internal.S3ProxyHandle;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.annotation.PublicEvolving;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3-protocol server (s3proxy over an in-memory blob store) on a free loopback port, with one
 * bucket, for {@code s3://} checkpoint storage through flink-s3-fs-hadoop.
 *
 * <p>s3proxy runs in its own class loader: flink-s3-fs-hadoop bundles an unrelocated Guava that breaks
 * s3proxy whenever it comes first on the class path, and a library cannot dictate the order in which a
 * project declares its dependencies.
 *
 * <p>Fault: {@link #stop()} (or {@link #outage()}) makes the store refuse connections;
 * {@link #resume()} serves the same objects again on the same port. Network faults:
 * {@link #startBehindProxy(String)} puts a {@link FaultProxy} in front of it, and everything this class
 * hands out for clients ({@link #flinkS3Options()}, {@link #starterHocon()}) then goes through the proxy.
 *
 * <pre>{@code
 * try (ObjectStore store = ObjectStore.start("checkpoints")) {
 *     FileSystem.initialize(Configuration.fromMap(store.flinkS3Options()), null); // JVM-wide; MiniCluster does not
 *     String checkpointDir = store.uri("job-1/checkpoints");                    // s3://checkpoints/job-1/checkpoints
 * }
 * }</pre>
 */
@PublicEvolving
public final class ObjectStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);

    /** S3's bucket naming rules (lower case, 3 to 63 characters), which S3A also relies on. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private static final String ACCESS_KEY = "testkit-access-key";
    private static final String SECRET_KEY = "testkit-secret-key";

    private final String bucket;
    private final S3ProxyHandle server;
    private final int port;
    private FaultProxy proxy;
    private boolean serving = true;
    private boolean closed;

    private ObjectStore(String bucket, S3ProxyHandle server, int port) {
        this.bucket = bucket;
        this.server = server;
        this.port = port;
    }

    /**
     * Like {@link #start(String)}, with a {@link FaultProxy} in front: {@link #flinkS3Options()} and
     * {@link #starterHocon()} name the proxy's endpoint, so checkpoints cross it and {@link #proxy()}'s
     * faults hit them; {@link #endpoint()} stays direct.
     */
    @Experimental
    public static ObjectStore startBehindProxy(String bucket) {
        ObjectStore store = start(bucket);
        try {
            store.proxy = FaultProxy.start("s3", "127.0.0.1", store.port);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Starts the store on a free port of 127.0.0.1 with {@code bucket} created; returns when it serves requests. */
    public static ObjectStore start(String bucket) {
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new IllegalArgumentException(
                    "Not a valid S3 bucket name: '" + bucket + "' (3 to 63 lower-case letters, digits, '.' or '-')");
        }
        long started = System.nanoTime();
        S3ProxyHandle server = S3ProxyHandle.create(bucket, ACCESS_KEY, SECRET_KEY);
        try {
            ObjectStore store = new ObjectStore(bucket, server, server.start(0));
            LOG.info(
                    "Object store {} with bucket '{}' started in {} ms",
                    store.endpoint(),
                    bucket,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return store;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:PORT}, the value for {@code s3.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * {@code http://127.0.0.1:PORT} of the {@link #proxy() fault proxy} in front of the store.
     *
     * @throws IllegalStateException if the store was not started {@link #startBehindProxy behind a proxy}
     */
    @Experimental
    public String proxiedEndpoint() {
        return "http://" + proxy().address();
    }

    /**
     * The fault proxy between the store and the clients configured by {@link #flinkS3Options()} and
     * {@link #starterHocon()}.
     *
     * @throws IllegalStateException if the store was not started {@link #startBehindProxy behind a proxy}
     */
    @Experimental
    public FaultProxy proxy() {
        if (proxy == null) {
            throw new IllegalStateException("Object store " + endpoint()
                    + " has no fault proxy in front of it (start it with ObjectStore.startBehindProxy(bucket))");
        }
        return proxy;
    }

    /** Where clients are sent: through the proxy when there is one, else to the store itself. */
    private String clientEndpoint() {
        return proxy != null ? proxiedEndpoint() : endpoint();
    }

    public String bucket() {
        return bucket;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    /** {@code s3://bucket/path}, e.g. a checkpoint directory. */
    public String uri(String path) {
        return "s3://" + bucket + "/" + (path.startsWith("/") ? path.substring(1) : path);
    }

    /**
     * The flink-s3-fs-hadoop options for this store: {@code s3.endpoint}, {@code s3.path.style.access=true},
     * the credentials, and short retries and timeouts so that a write during {@link #stop() an outage}
     * fails within seconds instead of minutes. Pass them to {@code FileSystem.initialize}; a MiniCluster
     * does not initialize file systems from its own configuration.
     */
    public Map<String, String> flinkS3Options() {
        return S3FlinkOptions.forLocalStore(clientEndpoint(), ACCESS_KEY, SECRET_KEY);
    }

    /**
     * HOCON for {@code flink.checkpoint.s3} (and the store's fail-fast S3 retries), so jobs configured
     * through the starters reach this store.
     */
    public String starterHocon() {
        StringBuilder hocon = new StringBuilder("flink.checkpoint.s3 { endpoint = \"" + clientEndpoint()
                + "\", path-style-access = true, access-key = \"" + accessKey() + "\", secret-key = \"" + secretKey()
                + "\" }\n");
        // FlinkStarters re-initializes the JVM's file systems from this configuration: keep the
        // fail-fast retries, or an outage would only measure S3A's minutes of patience.
        S3FlinkOptions.FAIL_FAST.forEach((key, value) -> hocon.append("flink.conf { \"")
                .append(key)
                .append("\" = \"")
                .append(value)
                .append("\" }\n"));
        return hocon.toString();
    }

    /** Fault injection: the store refuses connections until {@link #resume()}; the objects are kept. */
    public synchronized void stop() {
        ensureOpen();
        if (serving) {
            server.stop();
            serving = false;
            LOG.info("Object store {} stopped (outage)", endpoint());
        }
    }

    /** Serves again, on the same port and with the same objects; returns when it accepts requests. */
    public synchronized void resume() {
        ensureOpen();
        if (!serving) {
            int bound = server.start(port);
            if (bound != port) {
                throw new IllegalStateException("Object store came back on port " + bound + " instead of " + port);
            }
            serving = true;
            LOG.info("Object store {} resumed", endpoint());
        }
    }

    /** {@link #stop()} now and {@link #resume()} when the returned outage is closed: {@code try (var outage = store.outage()) {...}}. */
    public Outage outage() {
        stop();
        return this::resume;
    }

    /** The class loader s3proxy runs in; package-private, for the test that checks the isolation. */
    ClassLoader serverClassLoader() {
        return server.classLoader();
    }

    /** Stops the server and drops the objects. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            serving = false;
            if (proxy != null) {
                proxy.close();
            }
            server.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Object store " + endpoint() + " is closed");
        }
    }

    /** A store outage in progress; closing it resumes the store. */
    @FunctionalInterface
    public interface Outage extends AutoCloseable {
        @Override
        void close();
    }
}
