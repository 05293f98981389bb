package io.flinkstarters.health;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.health.HealthEventGenerator.Dataset;
import io.flinkstarters.health.HealthEventGenerator.Kind;
import io.flinkstarters.health.HealthEventGenerator.Record;
import io.flinkstarters.health.avro.DeadLetter;
import io.flinkstarters.health.avro.HealthAggregate;
import io.flinkstarters.testkit.CheckpointStats;
import io.flinkstarters.testkit.KafkaBroker;
import io.flinkstarters.testkit.Testkit;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The health consumer end to end on this machine, with no external services: an in-process Kafka broker
 * (the testkit's), the real job on a local MiniCluster with exactly-once sinks and checkpoints under
 * {@code target/local-run/}, realistic generated measurements (duplicates, invalid, undecodable,
 * out-of-order and late records) produced at a steady rate, live progress every second, and a closing
 * check that the committed output is exactly what the job must produce. A test class, so the job's jar
 * never contains the testkit. How to start it and its options: docs/HEALTH_CONSUMER.md, "Run locally"
 * (the command there is the one README.md gives, and the profile {@code local-run} in this module's pom runs).
 *
 * <p>Exit code 0 when the output is exact, 1 when it is not, 2 on bad arguments or a failed start, 130 on Ctrl-C.
 */
public final class LocalRun {

    static final int EXACT = 0;
    static final int NOT_EXACT = 1;
    static final int FAILED = 2;
    static final int INTERRUPTED = 130;

    private static final String EVENTS = "health-events";
    private static final String AGGREGATES = "health-aggregates";
    private static final String DEAD_LETTERS = "health-dead-letters";
    private static final String GROUP = "health-consumer-local";
    private static final int PARTITIONS = 2;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    /**
     * What to run.
     *
     * @param events measurements to generate (duplicates, closing and late records come on top)
     * @param rate records produced per second
     * @param timeout how long the output may take to become complete once everything is produced
     * @param dir where checkpoints go (emptied first)
     */
    record Options(int events, int rate, long seed, Duration timeout, Path dir) {

        static final String USAGE =
                "Usage: LocalRun [--events N (10000) | --duration 30s] [--rate records/s (1000)] [--seed S (42)]"
                        + " [--timeout 3m] [--dir target/local-run]";

        static Options parse(String... args) {
            int events = 10_000;
            Duration duration = null;
            int rate = 1_000;
            long seed = 42;
            Duration timeout = Duration.ofMinutes(3);
            Path dir = Path.of(System.getProperty("health.local-run.dir", "target/local-run"));
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value. " + USAGE);
                }
                String value = args[++i];
                switch (name) {
                    case "--events" -> events = Integer.parseInt(value);
                    case "--duration" ->
                        duration = ConfigFactory.parseString("d = " + value).getDuration("d");
                    case "--rate" -> rate = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--timeout" ->
                        timeout = ConfigFactory.parseString("d = " + value).getDuration("d");
                    case "--dir" -> dir = Path.of(value);
                    default -> throw new IllegalArgumentException("Unknown option " + name + ". " + USAGE);
                }
            }
            if (duration != null) {
                events = (int) Math.max(1, duration.toMillis() * rate / 1000);
            }
            if (events < 1 || rate < 1) {
                throw new IllegalArgumentException("--events and --rate must be positive. " + USAGE);
            }
            return new Options(events, rate, seed, timeout, dir.toAbsolutePath());
        }
    }

    private final Options options;
    private final PrintStream out;
    private volatile boolean stopRequested;
    private final CountDownLatch finished = new CountDownLatch(1);

    LocalRun(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(FAILED);
            return;
        }
        LocalRun run = new LocalRun(options, System.out);
        Thread hook = new Thread(run::stopAndWait, "local-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = run.run();
        if (!run.stopRequested) {
            Runtime.getRuntime().removeShutdownHook(hook);
            // Flink and Kafka leave non-daemon threads behind; the run is over and its summary printed.
            System.exit(code);
        }
    }

    /** Ctrl-C: let the run stop, print its summary and clean up, within a bound. */
    private void stopAndWait() {
        stopRequested = true;
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs everything and returns the exit code; never calls System.exit. */
    int run() {
        long started = System.nanoTime();
        try (Testkit testkit = Testkit.builder()
                .taskManagers(1)
                .slotsPerTaskManager(PARTITIONS)
                .kafka()
                .build()
                .start()) {
            return run(testkit, started);
        } catch (Exception e) {
            if (stopRequested) {
                out.println("Stopped (Ctrl-C): " + e);
                return INTERRUPTED;
            }
            out.println("Local run failed: " + e);
            e.printStackTrace(out);
            return FAILED;
        } finally {
            finished.countDown();
        }
    }

    private int run(Testkit testkit, long started) throws Exception {
        KafkaBroker kafka = testkit.kafka();
        for (String topic : List.of(EVENTS, AGGREGATES, DEAD_LETTERS)) {
            kafka.createTopic(topic, PARTITIONS);
        }
        Path checkpoints = emptied(options.dir().resolve("checkpoints"));
        HealthJobStartup startup = HealthJobStartup.load(ConfigLoader.load(
                ConfigFactory.parseString(
                        """
                flink.checkpoint {
                  interval = 1s
                  timeout = 30s
                  storage.dir = "%s"
                }
                # Quick restarts, enough of them to outlast the heartbeat timeout (15 s) a lost TaskManager may take.
                flink.recovery.restart-strategy.fixed-delay { attempts = 20, delay = 1s }
                health {
                  kafka { bootstrap-servers = "%s", group-id = %s, transactional-id-prefix = health-consumer-local, transaction-timeout = 5m }
                  parallelism = %d
                }
                """.formatted(checkpoints.toUri(), kafka.bootstrapServers(), GROUP, PARTITIONS)),
                Map.of()));

        // Recent event times (the sinks stamp records with them; the broker deletes what is older than retention.ms),
        // all in the past (the job rejects the future), window-aligned.
        Duration span = Duration.ofSeconds(options.events()).plus(Duration.ofMinutes(10));
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(span).truncatedTo(ChronoUnit.HOURS);
        Dataset data = HealthEventGenerator.builder(startup.health())
                .seed(options.seed())
                .events(options.events())
                .start(start)
                .build()
                .generate();
        out.printf(
                Locale.ROOT,
                "Local run: %,d records (%,d on time, %,d late) at %,d/s; Kafka on %s; checkpoints in %s%n",
                data.all().size(),
                data.onTime().size(),
                data.late().size(),
                options.rate(),
                kafka.bootstrapServers(),
                checkpoints);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                startup.starters().toConfiguration());
        HealthConsumerJob.build(env, startup.health());
        JobID job = testkit.miniCluster().submit(env);

        try (Progress progress = new Progress(testkit, job, data);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(kafka))) {
            boolean complete = produce(producer, data.onTime(), progress)
                    && progress.awaitUntil(
                            () -> exact(
                                    progress.aggregates(),
                                    data.expectedAggregates().size(),
                                    data::aggregateDifferences),
                            options.timeout())
                    // The generator's protocol: late records only once every on-time window is committed.
                    && produce(producer, data.late(), progress)
                    && progress.awaitUntil(
                            () -> exact(
                                    progress.deadLetters(),
                                    data.expectedDeadLetters().size(),
                                    data::deadLetterDifferences),
                            options.timeout());
            if (stopRequested) {
                out.println(
                        "Stopped (Ctrl-C) before the run completed: the output is incomplete by design and not checked.");
                summary(testkit, job, data, progress.produced, started, false);
                return INTERRUPTED;
            }
            if (complete) {
                // Anything a later checkpoint would commit in addition (a duplicate, a late update) shows now.
                testkit.cluster().awaitNextCheckpoint(job);
            }
            return summary(testkit, job, data, progress.produced, started, true);
        } finally {
            testkit.cluster().cancelRunningJobs();
        }
    }

    /** Whether the output is exact; compared in full only once there is enough of it. */
    private static <T> boolean exact(List<T> output, int expected, Function<List<T>, List<String>> differences) {
        return output.size() >= expected && differences.apply(output).isEmpty();
    }

    /** Produces at the configured rate, reporting progress; false if stopped. */
    private boolean produce(KafkaProducer<byte[], byte[]> producer, List<Record> records, Progress progress) {
        long startedAt = System.nanoTime();
        long sent = 0;
        for (Record record : records) {
            if (stopRequested) {
                return false;
            }
            producer.send(new ProducerRecord<>(
                    EVENTS, HealthTopics.partition(record.key(), PARTITIONS), record.key(), record.value()));
            sent++;
            progress.produced++;
            long due = startedAt + TimeUnit.SECONDS.toNanos(1) * sent / options.rate();
            long ahead = due - System.nanoTime();
            if (ahead > TimeUnit.MILLISECONDS.toNanos(20)) {
                producer.flush();
                pause(TimeUnit.NANOSECONDS.toMillis(ahead));
            }
            progress.maybePrint();
        }
        producer.flush();
        return true;
    }

    private int summary(Testkit testkit, JobID job, Dataset data, long produced, long started, boolean check) {
        KafkaBroker kafka = testkit.kafka();
        List<HealthAggregate> aggregates = HealthTopics.aggregates(kafka.readCommitted(AGGREGATES));
        List<DeadLetter> deadLetters = HealthTopics.deadLetters(kafka.readCommitted(DEAD_LETTERS));
        CheckpointStats checkpoints = testkit.cluster().checkpointStats(job);
        long closing = aggregates.stream().filter(data::isClosingWindow).count();
        out.println();
        out.println("== Summary ==");
        out.printf(
                Locale.ROOT,
                "records produced   %,d of %,d: %s%n",
                produced,
                data.all().size(),
                kinds(data));
        out.printf(
                Locale.ROOT,
                "aggregates         %,d committed, %,d expected%s%n",
                aggregates.size() - closing,
                data.expectedAggregates().size(),
                closing == 0 ? "" : " (and " + closing + " of closing windows)");
        out.printf(
                Locale.ROOT,
                "dead letters       %,d committed, %,d expected: %s%n",
                deadLetters.size(),
                data.expectedDeadLetters().size(),
                reasons(deadLetters));
        out.printf(
                Locale.ROOT,
                "checkpoints        %,d completed, %,d failed%s; restarts %d%n",
                checkpoints.completed(),
                checkpoints.failed(),
                checkpoints.failed() == 0
                        ? ""
                        : checkpoints
                                .lastFailure()
                                .map(reason -> " (the last: " + reason + ")")
                                .orElse(" (not triggered, so no reason is recorded: the tasks were still starting)"),
                testkit.cluster().restarts(job));
        out.printf(Locale.ROOT, "wall time          %.1f s%n", (System.nanoTime() - started) / 1e9);
        if (!check) {
            return INTERRUPTED;
        }
        List<String> differences = new ArrayList<>(data.aggregateDifferences(aggregates));
        differences.addAll(data.deadLetterDifferences(deadLetters));
        if (differences.isEmpty()) {
            out.println(
                    "RESULT: EXACT - every expected aggregate and dead letter committed exactly once, nothing else");
            return EXACT;
        }
        out.printf(Locale.ROOT, "RESULT: NOT EXACT - %d differences:%n", differences.size());
        differences.stream().limit(20).forEach(difference -> out.println("  " + difference));
        return NOT_EXACT;
    }

    private static String kinds(Dataset data) {
        return Stream.of(Kind.values())
                .map(kind -> kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + " " + data.count(kind))
                .collect(Collectors.joining(", "));
    }

    private static String reasons(List<DeadLetter> deadLetters) {
        Map<String, Long> byRule = deadLetters.stream()
                .collect(Collectors.groupingBy(
                        deadLetter -> DeadLetterReason.of(deadLetter.getReason())
                                .map(DeadLetterReason::id)
                                .orElse("other"),
                        TreeMap::new,
                        Collectors.counting()));
        return byRule.entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    private static Properties producerProperties(KafkaBroker kafka) {
        Properties properties = kafka.clientProperties();
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return properties;
    }

    private static Path emptied(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> {
                    try {
                        Files.delete(file);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return Files.createDirectories(dir);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Live progress: what was produced, what the job has consumed (its group's offsets, committed with each
     * checkpoint), the committed output (tailed with read_committed consumers) and checkpoints.
     */
    private final class Progress implements AutoCloseable {
        private final Testkit testkit;
        private final JobID job;
        private final Dataset data;
        private final Tail aggregates;
        private final Tail deadLetters;
        private final Admin admin;
        private long produced;
        private long nextPrint = System.nanoTime();

        Progress(Testkit testkit, JobID job, Dataset data) {
            this.testkit = testkit;
            this.job = job;
            this.data = data;
            this.aggregates = new Tail(testkit.kafka(), AGGREGATES);
            this.deadLetters = new Tail(testkit.kafka(), DEAD_LETTERS);
            Properties admin = new Properties();
            admin.put(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, testkit.kafka().bootstrapServers());
            this.admin = Admin.create(admin);
        }

        List<HealthAggregate> aggregates() {
            return HealthTopics.aggregates(aggregates.poll());
        }

        List<DeadLetter> deadLetters() {
            return HealthTopics.deadLetters(deadLetters.poll());
        }

        /** Polls until the condition holds, printing progress; false on timeout or Ctrl-C. */
        boolean awaitUntil(BooleanSupplier condition, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!stopRequested) {
                if (condition.getAsBoolean()) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    out.println("Timed out after " + timeout + " waiting for the output to become complete");
                    return false;
                }
                maybePrint();
                pause(100);
            }
            return false;
        }

        void maybePrint() {
            if (System.nanoTime() < nextPrint) {
                return;
            }
            nextPrint = System.nanoTime() + PROGRESS_EVERY.toNanos();
            CheckpointStats checkpoints = testkit.cluster().checkpointStats(job);
            out.printf(
                    Locale.ROOT,
                    "events in %,d/%,d | job consumed %,d | committed: aggregates %,d/%,d, dead letters %,d/%,d | checkpoints %d%n",
                    produced,
                    data.all().size(),
                    consumed(),
                    aggregates().size(),
                    data.expectedAggregates().size(),
                    deadLetters().size(),
                    data.expectedDeadLetters().size(),
                    checkpoints.completed());
        }

        private long consumed() {
            try {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata()
                        .get(5, TimeUnit.SECONDS);
                return offsets.values().stream()
                        .filter(offset -> offset != null)
                        .mapToLong(OffsetAndMetadata::offset)
                        .sum();
            } catch (Exception e) {
                return -1;
            }
        }

        @Override
        public void close() {
            aggregates.close();
            deadLetters.close();
            admin.close();
        }
    }

    /** A topic's committed records (isolation.level=read_committed), read incrementally from the beginning. */
    private static final class Tail implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

        Tail(KafkaBroker kafka, String topic) {
            Properties properties = kafka.clientProperties();
            properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(properties);
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            consumer.assign(partitions.stream()
                    .map(partition -> new TopicPartition(topic, partition.partition()))
                    .toList());
            consumer.seekToBeginning(consumer.assignment());
        }

        /** Everything committed so far: polls until the consumer has caught up. */
        List<ConsumerRecord<byte[], byte[]>> poll() {
            while (true) {
                var batch = consumer.poll(Duration.ofMillis(20));
                if (batch.isEmpty()) {
                    return records;
                }
                batch.forEach(records::add);
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
