package io.flinkstarters.benchmarks.harness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records committed to a topic ({@code read_committed}) without keeping them: an output of
 * millions of records must not fill the heap the measured job shares.
 */
final class CommittedCount {

    private static final Duration POLL = Duration.ofMillis(200);

    private CommittedCount() {}

    /**
     * Reads from the beginning until at least {@code expected} records were counted, or the timeout passed, then on
     * to the last stable offsets of that moment, so that more than expected shows as more.
     */
    static long await(Properties client, String topic, long expected, Duration timeout) {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            while (count < expected && System.nanoTime() < deadline) {
                count += consumer.poll(POLL).count();
            }
            Map<TopicPartition, Long> lastStable = consumer.endOffsets(partitions, timeout);
            while (!reached(consumer, lastStable) && System.nanoTime() < deadline) {
                count += consumer.poll(POLL).count();
            }
            return count;
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> offsets) {
        return offsets.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }
}
