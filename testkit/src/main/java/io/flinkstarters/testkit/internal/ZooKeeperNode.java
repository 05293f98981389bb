package io.flinkstarters.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * One standalone ZooKeeper server in this JVM (ZooKeeper's own server classes, as its {@code
 * ZooKeeperServerMain} wires them, minus the admin server), on a free loopback port with a temporary
 * data directory.
 */
@Internal
public final class ZooKeeperNode {

    /**
     * ZooKeeper's clock tick. Sessions last at most 20 ticks, so a killed JobManager's session (and the
     * leadership it held) expires within 10 s; Flink asks for 60 s and gets this bound.
     */
    public static final Duration TICK = Duration.ofMillis(500);

    private static final int MAX_CLIENT_CONNECTIONS = 200;

    private final Path dataDir;
    private final ZooKeeperServer server;
    private final ServerCnxnFactory connections;

    private ZooKeeperNode(Path dataDir, ZooKeeperServer server, ServerCnxnFactory connections) {
        this.dataDir = dataDir;
        this.server = server;
        this.connections = connections;
    }

    public static ZooKeeperNode start() {
        try {
            Path dataDir = Files.createTempDirectory("testkit-zookeeper");
            File dir = dataDir.toFile();
            ZooKeeperServer server = new ZooKeeperServer(dir, dir, (int) TICK.toMillis());
            ServerCnxnFactory connections =
                    ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), MAX_CLIENT_CONNECTIONS);
            connections.startup(server);
            return new ZooKeeperNode(dataDir, server, connections);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a ZooKeeper server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting a ZooKeeper server", e);
        }
    }

    public int port() {
        return connections.getLocalPort();
    }

    /** The longest session a client is granted. */
    public Duration maxSessionTimeout() {
        return Duration.ofMillis(server.getMaxSessionTimeout());
    }

    public void stop() {
        connections.shutdown();
        server.shutdown();
        KafkaDataDir.delete(dataDir);
    }
}
