package io.flinkstarters.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.flinkstarters.testkit.Await;
import io.flinkstarters.testkit.KafkaBroker;
import io.flinkstarters.testkit.ObjectStore;
import io.flinkstarters.testkit.Testkit;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.failure.FailureEnricher;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.SerializedThrowable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each failure cause produced by a real fault on a MiniCluster (a real broker, a real S3-protocol
 * store, real checkpoint storage), and labelled from the job's failure exactly as the JobManager hands
 * it over: serialized, with the job's own classes unknown to the enricher's class loader. A MiniCluster
 * does not run failure enrichers itself (only a JobManager process loads them, as plugins); that path,
 * with the REST exception history and the metric, is {@code FailureEnricherProcessITCase}.
 */
class FailureCausesITCase {

    @RegisterExtension
    static final Testkit TESTKIT = Testkit.builder()
            .taskManagers(1)
            .slotsPerTaskManager(2)
            .kafka()
            .objectStore("failures")
            .build();

    /** Released after each test, so an operator blocked on purpose never outlives its test. */
    private static volatile CountDownLatch release = new CountDownLatch(1);

    @TempDir
    File dir;

    @BeforeAll
    static void initializeS3() {
        // The job's tasks reach the store through Flink's file systems, which a MiniCluster never initializes.
        FileSystem.initialize(Configuration.fromMap(TESTKIT.objectStore().flinkS3Options()), null);
    }

    @AfterEach
    void releaseBlockedOperators() {
        release.countDown();
        release = new CountDownLatch(1);
        TESTKIT.miniCluster().cancelRunningJobs();
    }

    private static StreamExecutionEnvironment env(Configuration extra) {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        configuration.addAll(extra);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(1);
        return env;
    }

    private static Configuration checkpoints(Duration interval, Duration timeout, String dir) {
        Configuration configuration = new Configuration();
        configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        configuration.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, timeout);
        configuration.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 0);
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
        return configuration;
    }

    /** Runs the job to its end and labels its failure as the enricher would. */
    private static FailureCause labelOf(JobID job) {
        JobResult result = TESTKIT.miniCluster().awaitResult(job);
        assertThat(result.getSerializedThrowable())
                .as("the job must have failed")
                .isPresent();
        return label(result.getSerializedThrowable().get());
    }

    static FailureCause label(Throwable failure) {
        Map<String, String> labels = new StartersFailureEnricher()
                .processFailure(failure, new TaskFailure())
                .join();
        return FailureCause.valueOf(labels.get(StartersFailureEnricher.KEY).toUpperCase(Locale.ROOT));
    }

    private static JobID submit(StreamExecutionEnvironment env) {
        return TESTKIT.miniCluster().submit(env);
    }

    private static DataStream<Long> sequence(StreamExecutionEnvironment env, int perSecond) {
        return env.fromSource(
                new DataGeneratorSource<>(n -> n, Long.MAX_VALUE, RateLimiterStrategy.perSecond(perSecond), Types.LONG),
                WatermarkStrategy.noWatermarks(),
                "sequence");
    }

    @Test
    void anExceptionInTheJobsOwnCodeIsUserCode() {
        StreamExecutionEnvironment env = env(new Configuration());
        env.fromSequence(1, 10).map(new FailOn(5)).sinkTo(new DiscardingSink<>());

        assertThat(labelOf(submit(env))).isEqualTo(FailureCause.USER_CODE);
    }

    @Test
    void aRecordTheDeserializerRejectsIsDeserialization() {
        KafkaBroker kafka = TESTKIT.kafka();
        kafka.createTopic("poison", 1);
        kafka.produce(
                "poison",
                List.of(
                        new ProducerRecord<>("poison", "good".getBytes(StandardCharsets.UTF_8)),
                        new ProducerRecord<>("poison", "\u0000poison".getBytes(StandardCharsets.UTF_8))));
        StreamExecutionEnvironment env = env(new Configuration());
        env.fromSource(
                        KafkaSource.<String>builder()
                                .setBootstrapServers(kafka.bootstrapServers())
                                .setTopics("poison")
                                .setGroupId("poison")
                                .setStartingOffsets(OffsetsInitializer.earliest())
                                .setValueOnlyDeserializer(new StrictText())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "poison")
                .sinkTo(new DiscardingSink<>());

        assertThat(labelOf(submit(env))).isEqualTo(FailureCause.DESERIALIZATION);
    }

    @Test
    void aSinkWhoseBrokerDoesNotAnswerIsKafkaUnreachable() throws IOException {
        StreamExecutionEnvironment env = env(checkpoints(
                Duration.ofSeconds(1), Duration.ofSeconds(30), dir.toURI().toString()));
        sequence(env, 10).map(String::valueOf).sinkTo(exactlyOnceSink("127.0.0.1:" + closedPort(), "unreachable"));

        assertThat(labelOf(submit(env))).isEqualTo(FailureCause.KAFKA_UNREACHABLE);
    }

    @Test
    void anotherProducerWithTheSinksTransactionalIdFencesIt() {
        KafkaBroker kafka = TESTKIT.kafka();
        kafka.createTopic("fenced", 1);
        // Fenced during a commit, the broker answers UNKNOWN_SERVER_ERROR, which names no cause: checkpoints
        // 3 s apart give the fencing below a quiet moment.
        StreamExecutionEnvironment env = env(checkpoints(
                Duration.ofSeconds(3), Duration.ofSeconds(30), dir.toURI().toString()));
        sequence(env, 20).map(String::valueOf).sinkTo(exactlyOnceSink(kafka.bootstrapServers(), "fenced"));
        JobID victim = submit(env);
        long completed =
                TESTKIT.miniCluster().awaitCompletedCheckpoints(victim, 1).completed();

        // What a second deployment with the same prefix does: initTransactions on the sink's ids
        // (<prefix>-<subtask>-<checkpoint>), which bumps their epoch and fences the sink's producer. Only
        // the open transaction's id and later ones: the one of the completed checkpoint may still commit.
        for (long checkpoint = completed + 1; checkpoint <= completed + 3; checkpoint++) {
            Properties properties = kafka.clientProperties();
            properties.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fenced-0-" + checkpoint);
            try (KafkaProducer<byte[], byte[]> intruder =
                    new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
                intruder.initTransactions();
            }
        }

        assertThat(labelOf(victim)).isEqualTo(FailureCause.KAFKA_PRODUCER_FENCED);
    }

    /**
     * The broker aborts a transaction that outlives its transaction.timeout.ms (its coordinator checks
     * every 10 s by default); committing it afterwards fails, as a sink's commit after a long restart does.
     */
    @Test
    void aTransactionTheBrokerTimedOutIsKafkaTransactionAborted() {
        KafkaBroker kafka = TESTKIT.kafka();
        kafka.createTopic("timed-out", 1);
        Properties properties = kafka.clientProperties();
        properties.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "timed-out-0-1");
        properties.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "1000");
        Throwable failure;
        try (KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
                Admin admin = Admin.create(kafka.clientProperties())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("timed-out", "x".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
            Await.until(
                    "the broker to abort the timed-out transaction",
                    () -> transactionState(admin, "timed-out-0-1"),
                    state -> state != TransactionState.ONGOING,
                    Duration.ofSeconds(60));
            failure = catchThrowable(producer::commitTransaction);
        }

        assertThat(failure).as("committing an aborted transaction fails").isNotNull();
        assertThat(label(failure)).as(failure.toString()).isEqualTo(FailureCause.KAFKA_TRANSACTION_ABORTED);
    }

    private static TransactionState transactionState(Admin admin, String transactionalId) {
        try {
            return admin.describeTransactions(List.of(transactionalId))
                    .description(transactionalId)
                    .get(10, TimeUnit.SECONDS)
                    .state();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe transaction " + transactionalId, e);
        }
    }

    @Test
    void checkpointsThatCannotCompleteInTimeAreCheckpointExpired() {
        StreamExecutionEnvironment env = env(checkpoints(
                Duration.ofMillis(200), Duration.ofMillis(500), dir.toURI().toString()));
        // The map holds its first record until the test ends: no barrier gets past it.
        sequence(env, 10).map(new Block()).sinkTo(new DiscardingSink<>());

        assertThat(labelOf(submit(env))).isEqualTo(FailureCause.CHECKPOINT_EXPIRED);
    }

    @Test
    void checkpointsThatCannotBeWrittenAreCheckpointDeclined() throws IOException {
        File storage = new File(dir, "checkpoints");
        StreamExecutionEnvironment env = env(checkpoints(
                Duration.ofMillis(200), Duration.ofSeconds(30), storage.toURI().toString()));
        sequence(env, 10).keyBy(n -> n % 2).map(n -> n).sinkTo(new DiscardingSink<>());
        JobID job = submit(env);
        TESTKIT.miniCluster().awaitCompletedCheckpoints(job, 1);

        // The storage breaks under the running job: where its checkpoints go is now a file.
        File jobDir = new File(storage, job.toString());
        Files.move(jobDir.toPath(), new File(dir, "moved-away").toPath());
        Files.writeString(jobDir.toPath(), "not a directory");

        assertThat(labelOf(job)).isEqualTo(FailureCause.CHECKPOINT_DECLINED);
    }

    @Test
    void aTaskThatCannotReachTheObjectStoreIsS3Unavailable() throws Exception {
        ObjectStore store = TESTKIT.objectStore();
        StreamExecutionEnvironment env = env(new Configuration());
        env.fromSequence(1, 10).map(new WriteTo(store.uri("outputs/part-0"))).sinkTo(new DiscardingSink<>());

        try (ObjectStore.Outage outage = store.outage()) {
            assertThat(labelOf(submit(env))).isEqualTo(FailureCause.S3_UNAVAILABLE);
        }
    }

    @Test
    void theRulesWithoutAMatchingFaultStillHaveANegativeControl() {
        // The fallback for a failure inside Flink itself, where no rule and no user frame applies.
        assertThat(label(new SerializedThrowable(new IllegalStateException("inside Flink") {
                    {
                        setStackTrace(new StackTraceElement[] {
                            new StackTraceElement("org.apache.flink.runtime.Some", "method", "Some.java", 1)
                        });
                    }
                })))
                .isEqualTo(FailureCause.OTHER);
    }

    private static KafkaSink<String> exactlyOnceSink(String servers, String prefix) {
        return KafkaSink.<String>builder()
                .setBootstrapServers(servers)
                .setRecordSerializer(KafkaRecordSerializationSchema.<String>builder()
                        .setTopic(prefix)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(prefix)
                .setProperty("transaction.timeout.ms", "60000")
                .setProperty("max.block.ms", "2000")
                .setProperty("delivery.timeout.ms", "3000")
                .setProperty("request.timeout.ms", "1000")
                .build();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A task failure as the JobManager reports it to enrichers; metrics are covered by the process test. */
    private static final class TaskFailure implements FailureEnricher.Context {
        @Override
        public MetricGroup getMetricGroup() {
            return new UnregisteredMetricsGroup();
        }

        @Override
        public FailureType getFailureType() {
            return FailureType.TASK;
        }

        @Override
        public ClassLoader getUserClassLoader() {
            return ClassLoader.getPlatformClassLoader();
        }

        @Override
        public Executor getIOExecutor() {
            return Runnable::run;
        }

        @Override
        public JobInfo getJobInfo() {
            return null;
        }
    }

    private static final class FailOn extends RichMapFunction<Long, Long> {
        private final long poison;

        FailOn(long poison) {
            this.poison = poison;
        }

        @Override
        public Long map(Long value) {
            if (value == poison) {
                throw new IllegalStateException("the job's own code failed on " + value);
            }
            return value;
        }
    }

    /** Text that must not contain control characters: what a producer of another format breaks. */
    private static final class StrictText extends AbstractDeserializationSchema<String> {
        @Override
        public String deserialize(byte[] message) throws IOException {
            String text = new String(message, StandardCharsets.UTF_8);
            if (text.chars().anyMatch(Character::isISOControl)) {
                throw new IOException("not text: " + text.length() + " characters with control characters");
            }
            return text;
        }
    }

    private static final class Block extends RichMapFunction<Long, Long> {
        @Override
        public Long map(Long value) throws InterruptedException {
            release.await(5, TimeUnit.MINUTES);
            return value;
        }
    }

    private static final class WriteTo extends RichMapFunction<Long, Long> {
        private final String uri;

        WriteTo(String uri) {
            this.uri = uri;
        }

        @Override
        public void open(OpenContext context) throws IOException {
            Path path = new Path(uri);
            try (FSDataOutputStream out = path.getFileSystem().create(path, FileSystem.WriteMode.OVERWRITE)) {
                out.write(1);
            }
        }

        @Override
        public Long map(Long value) {
            return value;
        }
    }
}
