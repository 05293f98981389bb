package io.flinkstarters.testkit.internal;

import io.flinkstarters.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Internal;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a whole topic from the beginning with {@code isolation.level=read_committed}: what a downstream
 * reader of an exactly-once sink sees. Records of aborted or still open transactions are never returned.
 * Partitions are assigned directly, so no consumer group (and no rebalance delay) is involved.
 */
@Internal
public final class KafkaCommittedReader {

    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;
    private final boolean committedOnly;

    public KafkaCommittedReader(String bootstrapServers) {
        this(bootstrapServers, true);
    }

    private KafkaCommittedReader(String bootstrapServers, boolean committedOnly) {
        this.bootstrapServers = bootstrapServers;
        this.committedOnly = committedOnly;
    }

    /**
     * A reader with {@code isolation.level=read_uncommitted}: every record written, aborted and open
     * transactions included; {@link #readToLastStableOffset} then reads to each partition's end.
     */
    public static KafkaCommittedReader uncommitted(String bootstrapServers) {
        return new KafkaCommittedReader(bootstrapServers, false);
    }

    /**
     * Reads until {@code until} holds for all records read so far.
     *
     * @throws AssertionError when the timeout passes first, naming the condition and how much was read
     */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(
            String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = openAtBeginning(topic, timeout)) {
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            List<ConsumerRecord<byte[], byte[]>> view = Collections.unmodifiableList(read);
            while (!until.test(view)) {
                if (System.nanoTime() >= deadline) {
                    throw new AssertionError(
                            "Timed out after " + timeout + " reading topic '" + topic + "' (read_committed) until "
                                    + describe(until) + ": saw " + read.size() + " committed records");
                }
                consumer.poll(POLL).forEach(read::add);
            }
            return List.copyOf(read);
        }
    }

    /**
     * Reads every record committed when the call starts: up to each partition's last stable offset,
     * which an open transaction holds back (records after it are not returned until it ends).
     *
     * @throws AssertionError when the records up to those offsets cannot be read within the timeout
     */
    public List<ConsumerRecord<byte[], byte[]>> readToLastStableOffset(String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = openAtBeginning(topic, timeout)) {
            Map<TopicPartition, Long> lastStable = consumer.endOffsets(consumer.assignment(), timeout);
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            while (!reached(consumer, lastStable)) {
                if (System.nanoTime() >= deadline) {
                    throw new AssertionError("Timed out after " + timeout + " reading topic '" + topic
                            + "' (read_committed) up to its last stable offsets " + new TreeMap<>(offsets(lastStable))
                            + ": saw " + read.size() + " committed records");
                }
                consumer.poll(POLL).forEach(read::add);
            }
            return List.copyOf(read);
        }
    }

    /** A lambda's toString is a class name; say so instead, and how to name the condition. */
    private static String describe(Predicate<?> until) {
        return until.getClass().isSynthetic()
                ? "the given condition held (a lambda: KafkaBroker.atLeast(n) or a Predicate with toString() names it)"
                : until.toString();
    }

    private KafkaConsumer<byte[], byte[]> openAtBeginning(String topic, Duration timeout) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                committedOnly
                        ? KafkaClientConfigs.readCommittedConsumer(bootstrapServers)
                        : KafkaClientConfigs.readUncommittedConsumer(bootstrapServers));
        try {
            List<PartitionInfo> partitions = Await.until(
                    "topic '" + topic + "' to exist",
                    () -> consumer.partitionsFor(topic, POLL),
                    found -> found != null && !found.isEmpty(),
                    timeout);
            consumer.assign(partitions.stream()
                    .map(partition -> new TopicPartition(topic, partition.partition()))
                    .collect(Collectors.toList()));
            consumer.seekToBeginning(consumer.assignment());
            return consumer;
        } catch (RuntimeException | AssertionError e) {
            consumer.close();
            throw e;
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> offsets) {
        return offsets.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static Map<Integer, Long> offsets(Map<TopicPartition, Long> byPartition) {
        return byPartition.entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue));
    }
}
