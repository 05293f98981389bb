package io.flinkstarters.testkit.internal;

import java.net.BindException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.flink.annotation.Internal;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;

/**
 * One running {@link KafkaRaftServer} (controller and broker in one process). A restart is a new
 * instance on the same configuration, which is how Kafka's own test harness restarts a node.
 */
@Internal
public final class KafkaNode {

    static {
        // On a fatal fault the broker calls Exit.halt, which would kill the test JVM and leave only
        // "The forked VM terminated" in the build log. Turn it into an exception on the faulting thread;
        // the broker then stops serving and the test's bounded waits fail with a message instead.
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Kafka broker asked to exit(" + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("Kafka broker asked to halt(" + code + "): " + message);
        });
    }

    private final KafkaRaftServer server;

    private KafkaNode(KafkaRaftServer server) {
        this.server = server;
    }

    /** Starts a node on a formatted data directory; returns once its listeners are bound and it has joined the quorum. */
    public static KafkaNode start(KafkaNodeConfig config) {
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config.properties()), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            stopQuietly(server, e);
            throw e;
        }
        return new KafkaNode(server);
    }

    /** Controlled shutdown; returns when all the node's threads and listeners are gone. */
    public void stop() {
        server.shutdown();
        server.awaitShutdown();
    }

    /** Whether a failed start was caused by a listener port that another process had taken. */
    public static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(KafkaRaftServer server, RuntimeException startFailure) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            startFailure.addSuppressed(e);
        }
    }
}
