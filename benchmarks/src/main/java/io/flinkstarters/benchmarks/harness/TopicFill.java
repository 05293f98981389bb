package io.flinkstarters.benchmarks.harness;

import io.flinkstarters.benchmarks.report.Progress;
import io.flinkstarters.testkit.KafkaBroker;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Pre-fills an events topic before any measurement, as fast as the broker takes it, with progress lines. */
public final class TopicFill {

    private TopicFill() {}

    public static FilledTopic fill(KafkaBroker kafka, String topic, int partitions, EventFeed.Shape shape) {
        kafka.createTopic(topic, partitions);
        // Event time ends about now: the job's future-event-time rule must accept the closing measurements.
        Instant start = Instant.now().minusMillis(shape.spacingMillis() * (long) shape.events());
        EventFeed feed = new EventFeed(shape, JobSetup.healthDefaults(), start);
        long started = System.nanoTime();
        long records = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = bulkProducer(kafka)) {
            long nextReport = System.nanoTime() + 5_000_000_000L;
            for (int i = 0; i < shape.events(); i++) {
                records += send(producer, topic, feed.next(), failure);
                if (System.nanoTime() > nextReport) {
                    Progress.say("  filling %s: %,d of %,d events", topic, i, shape.events());
                    nextReport += 5_000_000_000L;
                }
            }
            for (EventFeed.Event closing : feed.closing()) {
                records += send(producer, topic, closing, failure);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Filling " + topic + " failed", failure.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Progress.say(
                "filled %s: %,d records (%,d duplicates, %,d bad) in %.1f s; the job must commit %,d aggregates and %,d dead letters",
                topic, records, feed.duplicates(), feed.deadLetters(), seconds, feed.aggregates(), feed.deadLetters());
        return new FilledTopic(
                topic,
                records,
                feed.aggregates(),
                feed.deadLetters(),
                feed.undecodable(),
                feed.duplicates(),
                feed.closingTime());
    }

    private static int send(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            EventFeed.Event event,
            AtomicReference<Exception> failure) {
        producer.send(new ProducerRecord<>(topic, event.key(), event.value()), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        return 1;
    }

    /** Batches generously: filling is set-up, not measured, and the broker shares two cores with everything else. */
    static KafkaProducer<byte[], byte[]> bulkProducer(KafkaBroker kafka) {
        Properties properties = kafka.clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(properties);
    }
}
