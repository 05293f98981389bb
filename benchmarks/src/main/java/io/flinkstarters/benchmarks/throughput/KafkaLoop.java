package io.flinkstarters.benchmarks.throughput;

import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.benchmarks.harness.FilledTopic;
import io.flinkstarters.benchmarks.harness.OutputCheck;
import io.flinkstarters.health.internal.HealthEventDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Reference for "how close to the I/O limit": the same topic read by Kafka's clients alone, no Flink. One
 * thread per partition (the Flink job runs one source subtask per partition) reads with {@code read_committed},
 * decodes every record with the job's decoder and forwards it to an output topic. With an interval, a
 * transaction per interval carries the records and the consumed offsets (Kafka's consume-transform-produce
 * loop), as a checkpoint does for the job; without, the producer is idempotent and no offsets are committed,
 * as the job without checkpoints. Clients' settings are Kafka's defaults, as in the job's source and sinks.
 *
 * <p>It writes one record per record read, where the job writes an aggregate per window and a dead letter per
 * bad record (about an eighth as many): more output than the job, so the limit it shows is a conservative one.
 * Its threads and their clients' threads are what the CPU meter counts as the job's.
 */
final class KafkaLoop implements Workload {

    private static final Duration POLL = Duration.ofMillis(100);

    private final BenchStack stack;
    private final FilledTopic topic;
    private final String output;
    /** The group whose offsets the transactions commit. */
    private final ConsumerGroupMetadata group;

    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder read = new LongAdder();
    private final LongAdder undecodable = new LongAdder();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private KafkaLoop(BenchStack stack, FilledTopic topic, String run) {
        this.stack = stack;
        this.topic = topic;
        this.output = "forwarded-" + run;
        this.group = new ConsumerGroupMetadata(run);
    }

    /**
     * @param transactionInterval empty: no transactions
     */
    static KafkaLoop start(BenchStack stack, FilledTopic topic, Optional<Duration> transactionInterval, String run) {
        KafkaLoop loop = new KafkaLoop(stack, topic, run);
        stack.kafka().createTopic(loop.output, BenchStack.PARALLELISM);
        for (int partition = 0; partition < BenchStack.PARALLELISM; partition++) {
            TopicPartition input = new TopicPartition(topic.name(), partition);
            String transactionalId = run + "-" + partition;
            Thread thread = new Thread(
                    () -> loop.forward(input, transactionalId, transactionInterval), "bench-kafka-loop-" + partition);
            thread.setDaemon(true);
            loop.threads.add(thread);
        }
        loop.threads.forEach(Thread::start);
        return loop;
    }

    private void forward(TopicPartition input, String transactionalId, Optional<Duration> transactionInterval) {
        HealthEventDecoder decoder = new HealthEventDecoder();
        Callback failed = (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        };
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties());
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(producerProperties(transactionalId, transactionInterval))) {
            consumer.assign(List.of(input));
            consumer.seekToBeginning(List.of(input));
            long end = consumer.endOffsets(List.of(input)).get(input);
            boolean transactional = transactionInterval.isPresent();
            long intervalNanos = transactionInterval.map(Duration::toNanos).orElse(Long.MAX_VALUE);
            if (transactional) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            long nextCommit = System.nanoTime() + intervalNanos;
            while (running && consumer.position(input) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (decoder.decode(record.value()).event().isEmpty()) {
                        undecodable.increment();
                    }
                    producer.send(new ProducerRecord<>(output, record.key(), record.value()), failed);
                    read.increment();
                }
                if (transactional && System.nanoTime() >= nextCommit) {
                    commit(producer, consumer, input);
                    producer.beginTransaction();
                    nextCommit = System.nanoTime() + intervalNanos;
                }
            }
            if (transactional) {
                commit(producer, consumer, input);
            } else {
                producer.flush();
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void commit(
            KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer, TopicPartition input) {
        producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(consumer.position(input))), group);
        producer.commitTransaction();
        commits.incrementAndGet();
    }

    private Properties consumerProperties() {
        Properties properties = stack.kafka().clientProperties();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }

    private Properties producerProperties(String transactionalId, Optional<Duration> transactionInterval) {
        Properties properties = stack.kafka().clientProperties();
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        transactionInterval.ifPresent(interval -> {
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            // Within the broker's maximum, and well above an interval.
            properties.put(
                    ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                    String.valueOf(Math.max(60_000, 3 * interval.toMillis())));
        });
        return properties;
    }

    @Override
    public long recordsRead() {
        check();
        return read.sum();
    }

    @Override
    public long commits() {
        return commits.get();
    }

    @Override
    public long failedCommits() {
        return 0; // a failed commit fails the loop (check())
    }

    /** Every record forwarded, exactly once; the decoder's verdicts must match the data's undecodable share. */
    @Override
    public OutputCheck.Outcome awaitOutput(Duration timeout) {
        join(timeout);
        check();
        return new OutputCheck.Outcome(List.of(
                OutputCheck.count(stack.kafka(), "forwarded", output, topic.records(), timeout),
                new OutputCheck.Outcome.Count("undecodable", undecodable.sum(), topic.undecodable())));
    }

    private void check() {
        if (failure.get() != null) {
            throw new IllegalStateException("The Kafka loop failed", failure.get());
        }
    }

    private void join(Duration timeout) {
        try {
            for (Thread thread : threads) {
                thread.join(timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka loop", e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            join(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            // closing never throws; the threads are daemons
        }
    }
}
