package io.flinkstarters.testkit;

import io.flinkstarters.testkit.internal.ZooKeeperNode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.PublicEvolving;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ZooKeeper server in this JVM on a free loopback port, for Flink's ZooKeeper high availability on
 * a {@link ProcessCluster}: the JobManagers elect their leader there and keep pointers to the job graphs
 * and completed checkpoints (whose data lives in the HA storage directory, e.g. on the {@link
 * ObjectStore}). Sessions last at most {@link #maxSessionTimeout()}, so the leadership of a killed
 * JobManager passes on within seconds.
 */
@PublicEvolving
public final class ZooKeeperServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperServer.class);

    private final ZooKeeperNode node;
    private boolean closed;

    private ZooKeeperServer(ZooKeeperNode node) {
        this.node = node;
    }

    /** Starts the server; returns when it accepts connections. */
    public static ZooKeeperServer start() {
        long started = System.nanoTime();
        ZooKeeperServer server = new ZooKeeperServer(ZooKeeperNode.start());
        LOG.info(
                "ZooKeeper on {} started in {} ms",
                server.connectString(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return server;
    }

    /** {@code 127.0.0.1:<port>}, the value for {@code high-availability.zookeeper.quorum}. */
    public String connectString() {
        return "127.0.0.1:" + node.port();
    }

    /** The longest session the server grants (20 ticks): how long a dead JobManager keeps its leadership. */
    public Duration maxSessionTimeout() {
        return node.maxSessionTimeout();
    }

    /** Stops the server and deletes its data. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            node.stop();
        }
    }
}
