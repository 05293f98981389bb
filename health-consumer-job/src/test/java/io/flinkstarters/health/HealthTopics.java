package io.flinkstarters.health;

import io.flinkstarters.health.HealthEventGenerator.Record;
import io.flinkstarters.health.avro.DeadLetter;
import io.flinkstarters.health.avro.HealthAggregate;
import io.flinkstarters.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The job's three topics on a testkit {@link KafkaBroker}: producing generated records, decoding what
 * the job committed, and waiting until the committed output is exactly what the generator expects.
 */
public final class HealthTopics {

    private static final int SHOWN = 20;

    private HealthTopics() {}

    /**
     * Produces generated records in their order. A record's partition follows from its key (the user id),
     * as with Kafka's own partitioner, so a user's records stay in order in one partition; unlike Kafka's
     * murmur hash, consecutive user ids land in different partitions, so no partition is left empty
     * (an empty partition would hold the watermark back until it counts as idle).
     */
    public static void produce(KafkaBroker kafka, String topic, int partitions, List<Record> records) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(records.size());
        for (Record record : records) {
            out.add(new ProducerRecord<>(topic, partition(record.key(), partitions), record.key(), record.value()));
        }
        kafka.produce(topic, out);
    }

    static int partition(byte[] key, int partitions) {
        return Math.floorMod(Arrays.hashCode(key), partitions);
    }

    public static List<HealthAggregate> aggregates(List<ConsumerRecord<byte[], byte[]>> committed) {
        return committed.stream()
                .map(record -> AvroBytes.decode(record.value(), HealthAggregate.class))
                .toList();
    }

    public static List<DeadLetter> deadLetters(List<ConsumerRecord<byte[], byte[]>> committed) {
        return committed.stream()
                .map(record -> AvroBytes.decode(record.value(), DeadLetter.class))
                .toList();
    }

    /**
     * Reads the topic (read_committed) until {@code differences} finds nothing wrong with what is there,
     * and returns it.
     *
     * @throws AssertionError after the timeout, listing what is still missing, duplicated, different or unexpected
     */
    public static <T> List<T> awaitExact(
            KafkaBroker kafka,
            String topic,
            Function<List<ConsumerRecord<byte[], byte[]>>, List<T>> decode,
            Function<List<T>, List<String>> differences,
            Duration timeout) {
        Predicate<List<ConsumerRecord<byte[], byte[]>>> exact = new Predicate<>() {
            @Override
            public boolean test(List<ConsumerRecord<byte[], byte[]>> records) {
                return differences.apply(decode.apply(records)).isEmpty();
            }

            @Override
            public String toString() {
                return "it holds exactly the expected records";
            }
        };
        try {
            return decode.apply(kafka.readCommitted(topic, exact, timeout));
        } catch (AssertionError timedOut) {
            List<String> found = differences.apply(decode.apply(kafka.readCommitted(topic)));
            AssertionError failure = new AssertionError("'" + topic + "' is not exactly as expected (" + found.size()
                    + " differences):"
                    + System.lineSeparator() + "  "
                    + String.join(System.lineSeparator() + "  ", found.subList(0, Math.min(SHOWN, found.size())))
                    + (found.size() > SHOWN ? System.lineSeparator() + "  ..." : ""));
            failure.addSuppressed(timedOut);
            throw failure;
        }
    }
}
