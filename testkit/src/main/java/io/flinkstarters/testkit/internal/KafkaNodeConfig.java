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

    /**
     * How often the transaction coordinator looks for transactions past their timeout (Kafka's default
     * is 10 s): a transaction that outlives its {@code transaction.timeout.ms} is aborted within about a
     * second of it, so a test of an outage past the timeout needs no extra ten seconds of margin.
     */
    static final Duration TIMED_OUT_TRANSACTION_CHECK = Duration.ofSeconds(1);

    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;
    private final int proxiedPort;
    private final String proxyAddress;

    public KafkaNodeConfig(Path dataDir, int brokerPort, int controllerPort) {
        this(dataDir, brokerPort, controllerPort, 0, null);
    }

    /**
     * A node with a second client listener on {@code proxiedPort} that advertises {@code proxyAddress}
     * (a fault proxy forwarding to that port): clients that connect through the proxy are told, in every
     * metadata response, to come back through the proxy, so their reconnects cross it too. The first
     * listener stays direct, for the broker's own traffic and the testkit's clients.
     */
    public KafkaNodeConfig(Path dataDir, int brokerPort, int controllerPort, int proxiedPort, String proxyAddress) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.proxiedPort = proxiedPort;
        this.proxyAddress = proxyAddress;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The port of the listener a fault proxy forwards to (0 without one). */
    public int proxiedPort() {
        return proxiedPort;
    }

    public Properties properties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        String listeners = "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort;
        String advertised = "PLAINTEXT://" + bootstrapServers();
        String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
        if (proxyAddress != null) {
            // A listener's metadata names the brokers by that listener's advertised address: clients that
            // came in through the proxy are sent back to the proxy.
            listeners += ",PROXIED://127.0.0.1:" + proxiedPort;
            advertised += ",PROXIED://" + proxyAddress;
            protocols += ",PROXIED:PLAINTEXT";
        }
        p.setProperty("listeners", listeners);
        p.setProperty("advertised.listeners", advertised);
        p.setProperty("listener.security.protocol.map", protocols);
        p.setProperty("controller.listener.names", "CONTROLLER");
        // The broker's own requests (transaction markers to the partition leaders, itself) stay off the
        // proxy, so a network fault between the job and Kafka never breaks the broker's inner workings.
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
        p.setProperty(
                "transaction.abort.timed.out.transaction.cleanup.interval.ms",
                String.valueOf(TIMED_OUT_TRANSACTION_CHECK.toMillis()));

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
