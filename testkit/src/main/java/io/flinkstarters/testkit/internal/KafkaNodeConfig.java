package io.flinkstarters.testkit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.annotation.Internal;

/**
 * The configuration of a one-node KRaft cluster: a single process that is both controller and broker,
 * listening on loopback only. Everything that defaults to three replicas is set to one, or the
 * transaction coordinator and consumer groups would never become available.
 */
@Internal
public final class KafkaNodeConfig {

    /**
     * Kafka's own default for {@code transaction.max.timeout.ms}, set explicitly so tests can size a
     * {@code KafkaSink}'s {@code transaction.timeout.ms} against a known bound.
     */
    public static final Duration TRANSACTION_MAX_TIMEOUT = Duration.ofMinutes(15);

    private static final int NODE_ID = 1;

    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;

    public KafkaNodeConfig(Path dataDir, int brokerPort, int controllerPort) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Properties properties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("logs").toString());

        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // One partition each instead of 50: the first consumer group or transaction does not wait for 50 leaders.
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // A test broker never deletes by age: jobs stamp records with event time, and test data dated
        // in the past would otherwise vanish at the next retention check, mid-test.
        p.setProperty("log.retention.ms", "-1");
        p.setProperty("transaction.max.timeout.ms", String.valueOf(TRANSACTION_MAX_TIMEOUT.toMillis()));

        // A 2-core CI machine also runs a MiniCluster: keep the broker's thread pools small.
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        return p;
    }

    /** Writes the configuration as a {@code server.properties} file, as the storage formatter reads it. */
    public Path writeTo(Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            properties().store(out, "single-node KRaft broker of the Flink Starters testkit");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
