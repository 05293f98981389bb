package io.flinkstarters.benchmarks.recovery;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far behind its input a job in other processes is, read from outside as an operator would: the
 * job's consumer-group offsets (its Kafka source commits them when a checkpoint completes) against the
 * end of each partition, converted to time at the live feed's rate. Coarser than the in-JVM probe: a
 * job that keeps up still lags by up to a checkpoint interval plus the commit.
 */
final class CommittedOffsetLag implements AutoCloseable {

    private final Admin admin;
    private final String group;
    private final Map<TopicPartition, OffsetSpec> ends;
    private final double recordsPerMilliPerPartition;

    CommittedOffsetLag(Properties kafkaClient, String group, String topic, int partitions, int eventsPerSecond) {
        this.admin = Admin.create(kafkaClient);
        this.group = group;
        this.ends = IntStream.range(0, partitions)
                .boxed()
                .collect(Collectors.toMap(
                        partition -> new TopicPartition(topic, partition), partition -> OffsetSpec.latest()));
        this.recordsPerMilliPerPartition = eventsPerSecond / 1000.0 / partitions;
    }

    long[] lagMillis() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
                    admin.listOffsets(ends).all().get();
            return ends.keySet().stream()
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                    .mapToLong(partition -> {
                        OffsetAndMetadata offset = committed.get(partition);
                        return offset == null
                                ? -1
                                : Math.round(
                                        (end.get(partition).offset() - offset.offset()) / recordsPerMilliPerPartition);
                    })
                    .toArray();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading the offsets of group " + group, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read the offsets of group " + group, e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
