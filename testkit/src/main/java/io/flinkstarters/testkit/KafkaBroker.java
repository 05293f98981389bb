package io.flinkstarters.testkit;

import io.flinkstarters.testkit.internal.FreePorts;
import io.flinkstarters.testkit.internal.KafkaClientConfigs;
import io.flinkstarters.testkit.internal.KafkaCommittedReader;
import io.flinkstarters.testkit.internal.KafkaDataDir;
import io.flinkstarters.testkit.internal.KafkaNode;
import io.flinkstarters.testkit.internal.KafkaNodeConfig;
import io.flinkstarters.testkit.internal.KafkaRecordCount;
import io.flinkstarters.testkit.internal.KafkaStorage;
import io.flinkstarters.testkit.internal.KafkaTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, the Kafka version of the connector's client) running in this
 * JVM on a free loopback port, with a temporary data directory.
 *
 * <p>It exists so exactly-once pipelines can be tested against a real transaction coordinator: the
 * broker is set up for one node (replication factor 1 for the transaction and offsets logs) and keeps
 * Kafka's default {@code transaction.max.timeout.ms}, see {@link #transactionMaxTimeout()}. Faults:
 * {@link #restart()}, or {@link #stop()} and {@link #resume()} for a longer outage; the broker comes
 * back with the same data on the same address, so clients reconnect by themselves. Network faults:
 * {@link #startBehindProxy()} puts a {@link FaultProxy} between the broker and the clients given
 * {@link #proxiedBootstrapServers()}.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start()) {
 *     kafka.createTopic("out", 2);
 *     // run the job with kafka.bootstrapServers() ...
 *     List<ConsumerRecord<byte[], byte[]>> out = kafka.readCommitted("out", KafkaBroker.atLeast(100), Duration.ofSeconds(60));
 * }
 * }</pre>
 */
@PublicEvolving
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    /** How long start-up, restart and topic creation may take before the broker is declared broken. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** How long {@link #produce} waits for acknowledgements and {@link #readCommitted(String)} reads. */
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(30);
    /** A port found free can be taken by another process before the broker binds it; then try others. */
    private static final int START_ATTEMPTS = 3;

    private final Path dataDir;
    private final KafkaNodeConfig config;
    private final KafkaTopics topics;
    private final FaultProxy proxy;
    private KafkaNode node;
    private boolean closed;

    private KafkaBroker(Path dataDir, KafkaNodeConfig config, KafkaNode node, FaultProxy proxy) {
        this.dataDir = dataDir;
        this.config = config;
        this.topics = new KafkaTopics(config.bootstrapServers());
        this.node = node;
        this.proxy = proxy;
    }

    /** Formats a temporary data directory and starts the broker; returns when it serves requests. */
    public static KafkaBroker start() {
        return start(false);
    }

    /**
     * Like {@link #start()}, with a {@link FaultProxy} in front of a second listener that advertises the
     * proxy: clients bootstrapped with {@link #proxiedBootstrapServers()} reach the broker through the
     * proxy for every request, reconnects and metadata refreshes included, so {@link #proxy()}'s faults
     * hit them. {@link #bootstrapServers()} stays direct (the testkit's own producers and readers).
     */
    @Experimental
    public static KafkaBroker startBehindProxy() {
        return start(true);
    }

    private static KafkaBroker start(boolean behindProxy) {
        long started = System.nanoTime();
        Path dataDir = KafkaDataDir.create();
        KafkaBroker broker;
        try {
            broker = startOnFreePorts(dataDir, behindProxy);
        } catch (RuntimeException | Error e) {
            KafkaDataDir.delete(dataDir);
            throw e;
        }
        try {
            broker.topics.awaitServing(READY_TIMEOUT);
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
        LOG.info(
                "Kafka broker on {} started in {} ms (data in {}{})",
                broker.bootstrapServers(),
                elapsedMillis(started),
                dataDir,
                behindProxy ? "; clients through " + broker.proxy : "");
        return broker;
    }

    private static KafkaBroker startOnFreePorts(Path dataDir, boolean behindProxy) {
        for (int attempt = 1; ; attempt++) {
            int[] ports = FreePorts.freePorts(behindProxy ? 3 : 2);
            FaultProxy proxy = behindProxy ? FaultProxy.start("kafka", "127.0.0.1", ports[2]) : null;
            KafkaNodeConfig config = behindProxy
                    ? new KafkaNodeConfig(dataDir, ports[0], ports[1], ports[2], proxy.address())
                    : new KafkaNodeConfig(dataDir, ports[0], ports[1]);
            Path serverProperties = config.writeTo(dataDir.resolve("server.properties"));
            if (attempt == 1) {
                KafkaStorage.format(serverProperties);
            }
            try {
                return new KafkaBroker(dataDir, config, KafkaNode.start(config), proxy);
            } catch (RuntimeException e) {
                if (proxy != null) {
                    proxy.close();
                }
                if (!KafkaNode.isBindFailure(e) || attempt == START_ATTEMPTS) {
                    throw e;
                }
                LOG.info("Kafka broker port {} or {} was taken meanwhile; trying other ports", ports[0], ports[1]);
            }
        }
    }

    /** {@code host:port} of the broker's listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    /**
     * {@code host:port} of the {@link #proxy() fault proxy} in front of the broker, for the clients that
     * network faults should hit (the job under test).
     *
     * @throws IllegalStateException if the broker was not started {@link #startBehindProxy() behind a proxy}
     */
    @Experimental
    public String proxiedBootstrapServers() {
        return proxy().address();
    }

    /**
     * The fault proxy between the broker and the clients given {@link #proxiedBootstrapServers()}.
     *
     * @throws IllegalStateException if the broker was not started {@link #startBehindProxy() behind a proxy}
     */
    @Experimental
    public FaultProxy proxy() {
        if (proxy == null) {
            throw new IllegalStateException("Kafka broker on " + bootstrapServers()
                    + " has no fault proxy in front of it (start it with KafkaBroker.startBehindProxy())");
        }
        return proxy;
    }

    /** Properties any Kafka client needs to reach this broker ({@code bootstrap.servers} and short reconnect back-offs). */
    public Properties clientProperties() {
        return KafkaClientConfigs.common(bootstrapServers());
    }

    /**
     * The broker's {@code transaction.max.timeout.ms} (Kafka's default, 15 minutes). A transactional
     * producer, such as an exactly-once {@code KafkaSink}, must ask for a {@code transaction.timeout.ms}
     * no larger than this, or {@code initTransactions} fails.
     */
    public Duration transactionMaxTimeout() {
        return KafkaNodeConfig.TRANSACTION_MAX_TIMEOUT;
    }

    /** Creates a topic (replication factor 1) and waits until every partition has a leader. */
    public void createTopic(String name, int partitions) {
        topics.create(name, partitions, READY_TIMEOUT);
    }

    /** Writes the records with an idempotent producer ({@code acks=all}) and returns once all are acknowledged. */
    public void produce(String topic, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KafkaClientConfigs.idempotentProducer(bootstrapServers()))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            for (ProducerRecord<byte[], byte[]> record : records) {
                if (!topic.equals(record.topic())) {
                    throw new IllegalArgumentException(
                            "Record for topic '" + record.topic() + "' given to produce to '" + topic + "'");
                }
                acks.add(producer.send(record));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(IO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Producing " + records.size() + " records to '" + topic + "' failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while producing to '" + topic + "'", e);
        }
    }

    /**
     * Reads the whole topic from the beginning with {@code isolation.level=read_committed} until
     * {@code until} holds for everything read so far.
     *
     * @throws AssertionError if the timeout passes first; it says what was awaited and how many records were seen
     */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(
            String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> until, Duration timeout) {
        return new KafkaCommittedReader(bootstrapServers()).readUntil(topic, until, timeout);
    }

    /**
     * Everything committed to the topic when the call starts, read with {@code isolation.level=read_committed}
     * up to each partition's last stable offset. Records behind a transaction that is still open are not
     * returned. Needs no quiet period: it stops at a known offset. Commit markers reach a partition
     * shortly after the producer's commit returns, so to wait for records just committed, use
     * {@link #readCommitted(String, Predicate, Duration)}.
     */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        return new KafkaCommittedReader(bootstrapServers()).readToLastStableOffset(topic, IO_TIMEOUT);
    }

    /** The condition "at least {@code count} records", for {@link #readCommitted(String, Predicate, Duration)}. */
    public static Predicate<List<ConsumerRecord<byte[], byte[]>>> atLeast(int count) {
        return new KafkaRecordCount<>(count);
    }

    /**
     * Fault injection: stops the broker and starts it again on the same data directory and port, and
     * returns when it serves requests again. Clients see disconnects and reconnect to the same address.
     */
    public synchronized void restart() {
        long started = System.nanoTime();
        stop();
        resume();
        LOG.info("Kafka broker on {} restarted in {} ms", bootstrapServers(), elapsedMillis(started));
    }

    /** Fault injection: stops the broker (connections refused) until {@link #resume()}; data and port are kept. */
    public synchronized void stop() {
        ensureOpen();
        if (node != null) {
            node.stop();
            node = null;
        }
    }

    /** Starts a stopped broker again on the same data directory and port; returns when it serves requests. */
    public synchronized void resume() {
        ensureOpen();
        if (node != null) {
            return;
        }
        try {
            node = KafkaNode.start(config);
        } catch (RuntimeException e) {
            if (KafkaNode.isBindFailure(e)) {
                throw new IllegalStateException("Kafka broker cannot take back its port: " + bootstrapServers(), e);
            }
            throw e;
        }
        topics.awaitServing(READY_TIMEOUT);
    }

    /** Stops the broker and deletes its data directory. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (node != null) {
                node.stop();
                node = null;
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            KafkaDataDir.delete(dataDir);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " is closed");
        }
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
