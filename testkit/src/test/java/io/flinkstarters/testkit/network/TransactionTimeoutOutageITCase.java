package io.flinkstarters.testkit.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.testkit.Await;
import io.flinkstarters.testkit.ContractContext;
import io.flinkstarters.testkit.ContractRun;
import io.flinkstarters.testkit.ExactlyOnceVerifier;
import io.flinkstarters.testkit.FaultProxy;
import io.flinkstarters.testkit.InJvmMiniCluster;
import io.flinkstarters.testkit.KafkaBroker;
import io.flinkstarters.testkit.ObjectStore;
import io.flinkstarters.testkit.OperatorFailure;
import io.flinkstarters.testkit.Testkit;
import io.flinkstarters.testkit.sample.SamplePipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What flink-connector-kafka 5.0's exactly-once {@code KafkaSink} does when a transaction outlives its
 * {@code transaction.timeout.ms} after the checkpoint that holds it was taken: the broker aborts the
 * transaction on its own, the checkpoint completes all the same, and the commit that follows fails.
 *
 * <p>Finding: the records are lost silently. The committer logs an ERROR ({@code InvalidTxnStateException},
 * "Most likely the transaction has been aborted"), counts the committable in its {@code failedCommittables}
 * metric and goes on ({@code signalFailedWithKnownReason}): the job keeps running, does not restart,
 * and the source has moved past the records. Two ways to get there are shown: Kafka out of reach
 * between the checkpoint's last acknowledgement and its completion, for longer than the timeout; and
 * checkpoints alone slower than the timeout, no network fault at all. An outage shorter than the
 * timeout, at the same moment, loses nothing: the control.
 *
 * <p>The window is made wide on purpose: checkpoint storage is slowed (S3 latency through a fault
 * proxy), so between "every task acknowledged checkpoint N" (the sink has flushed and pre-committed the
 * transaction N) and "checkpoint N completed" (the JobManager has written the metadata; only then does
 * the sink commit) lie seconds, and the test cuts the job off from Kafka inside them.
 */
class TransactionTimeoutOutageITCase {

    private static final int RECORDS_PER_PHASE = 200;
    private static final String COMMITTER = "org.apache.flink.connector.kafka.sink.internal.KafkaCommitter";
    private static final Pattern VERTEX_ID = Pattern.compile("\"id\":\"([0-9a-f]{32})\"");
    private static final Pattern METRIC_ID = Pattern.compile("\"id\":\"([^\"]*failedCommittables)\"");
    private static final Pattern SUM = Pattern.compile("\"sum\":([0-9.]+)");

    @RegisterExtension
    static final Testkit TESTKIT = Testkit.builder()
            .taskManagers(1)
            .slotsPerTaskManager(2)
            .networkFaults()
            .kafka()
            .objectStore("txn-timeout")
            .build();

    private static KafkaBroker kafka;
    private static FaultProxy storage;

    @BeforeAll
    static void findTheProxies() {
        kafka = TESTKIT.kafka();
        storage = TESTKIT.objectStore().proxy();
        // The transaction coordinator says at INFO when it aborts a transaction past its timeout.
        Configurator.setLevel("kafka.coordinator.transaction", Level.INFO);
    }

    @AfterAll
    static void quietenTheCoordinator() {
        Configurator.setLevel("kafka.coordinator.transaction", Level.WARN);
    }

    @AfterEach
    void cancelJobs() {
        kafka.proxy().restore();
        storage.restore();
        TESTKIT.cluster().cancelRunningJobs();
    }

    @Test
    void kafkaOutOfReachLongerThanTheTransactionTimeoutLosesACompletedCheckpointsRecordsSilently() throws Exception {
        Outcome outcome = run(
                new Scenario("past-timeout", Duration.ofSeconds(15), Duration.ofMillis(150), Duration.ofSeconds(25)));

        outcome.assertSilentLossOfTransaction();
    }

    @Test
    void kafkaOutOfReachShorterThanTheTransactionTimeoutLosesNothing() throws Exception {
        Outcome outcome = run(
                new Scenario("within-timeout", Duration.ofSeconds(15), Duration.ofMillis(150), Duration.ofSeconds(4)));

        outcome.assertExactlyOnce();
    }

    @Test
    void checkpointsSlowerThanTheTransactionTimeoutLoseRecordsSilentlyWithoutAnyNetworkFault() throws Exception {
        Outcome outcome =
                run(new Scenario("slow-storage", Duration.ofSeconds(6), Duration.ofMillis(400), Duration.ZERO));

        outcome.assertSilentLossOfTransaction();
    }

    /**
     * @param outage how long Kafka is cut off from the job once checkpoint N is acknowledged (zero: not at all)
     */
    private record Scenario(String name, Duration transactionTimeout, Duration storageLatency, Duration outage) {}

    private Outcome run(Scenario scenario) throws Exception {
        String name = scenario.name();
        String input = name + "-in";
        String output = name + "-out";
        kafka.createTopic(input, 2);
        kafka.createTopic(output, 2);
        List<String> expected = new ArrayList<>(SamplePipeline.produce(kafka, input, 0, RECORDS_PER_PHASE));
        InJvmMiniCluster cluster = TESTKIT.miniCluster();
        try (CapturedLogs sinkLogs = CapturedLogs.capture(COMMITTER, Level.WARN);
                CapturedLogs brokerLogs = CapturedLogs.capture("kafka.coordinator.transaction", Level.INFO)) {
            JobID job = submit(scenario, input, output);
            cluster.awaitCompletedCheckpoints(job, 1);
            kafka.readCommitted(output, KafkaBroker.atLeast(RECORDS_PER_PHASE), Duration.ofSeconds(60));

            storage.latency(scenario.storageLatency(), Duration.ZERO, Duration.ofMinutes(3));
            expected.addAll(SamplePipeline.produce(kafka, input, RECORDS_PER_PHASE, 2 * RECORDS_PER_PHASE));
            Await.until(
                    "the second phase to be written into open transactions",
                    () -> uncommittedCount(output) >= 2 * RECORDS_PER_PHASE,
                    Duration.ofSeconds(60));
            long checkpoint = Await.until(
                    "the checkpoint that will commit the oldest open transaction with records",
                    () -> oldestOpenTransactionCheckpoint(name, output),
                    id -> id > 0,
                    Duration.ofSeconds(30));
            AbstractCheckpointStats pending = Await.until(
                    "checkpoint " + checkpoint + " to be acknowledged by every task",
                    () -> checkpoint(cluster, job, checkpoint),
                    stats -> stats != null
                            && (stats.getStatus() != CheckpointStatsStatus.IN_PROGRESS
                                    || stats.getNumberOfAcknowledgedSubtasks() == stats.getNumberOfSubtasks()),
                    Duration.ofSeconds(60));
            assertThat(pending.getStatus())
                    .as("checkpoint %d while the test meant to cut its commit off", checkpoint)
                    .isEqualTo(CheckpointStatsStatus.IN_PROGRESS);
            long acknowledgedAt = System.nanoTime();
            FaultProxy.Fault cut =
                    scenario.outage().isZero() ? null : kafka.proxy().reset(scenario.outage());
            int committedAtCut = kafka.readCommitted(output).size();
            CheckpointStatsStatus fate = Await.until(
                    "checkpoint " + checkpoint + " to end",
                    () -> checkpoint(cluster, job, checkpoint).getStatus(),
                    status -> status != CheckpointStatsStatus.IN_PROGRESS,
                    Duration.ofSeconds(60));
            long completedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acknowledgedAt);
            if (cut != null) {
                cut.awaitHealed(scenario.outage().plusSeconds(30));
            }
            FaultProxy.Stats proxyStats = kafka.proxy().stats();
            Map<String, String> transactions = transactions(name);
            storage.restore();

            expected.addAll(SamplePipeline.produce(kafka, input, 2 * RECORDS_PER_PHASE, 3 * RECORDS_PER_PHASE));
            String lastId = "event-" + (3 * RECORDS_PER_PHASE - 1);
            Await.until(
                    "the last record of the third phase to be committed",
                    () -> SamplePipeline.ids(kafka.readCommitted(output)).contains(lastId),
                    Duration.ofSeconds(120));
            cluster.awaitNextCheckpoint(job);
            Outcome outcome = new Outcome(
                    scenario,
                    checkpoint,
                    fate,
                    completedAfter,
                    committedAtCut,
                    proxyStats,
                    transactions,
                    cluster.status(job).toString(),
                    cluster.restarts(job),
                    cluster.latestFailure(job),
                    failedCommittables(
                            cluster,
                            job,
                            !brokerLogs.containing("due to timeout").isEmpty()),
                    ExactlyOnceVerifier.verify(expected, SamplePipeline.ids(kafka.readCommitted(output))),
                    sinkLogs.lines(),
                    brokerLogs.containing("due to timeout"));
            outcome.print();
            return outcome;
        }
    }

    /** What one run showed. */
    private record Outcome(
            Scenario scenario,
            long checkpoint,
            CheckpointStatsStatus checkpointFate,
            long completedMillisAfterAcknowledged,
            int committedAtCut,
            FaultProxy.Stats proxy,
            Map<String, String> transactions,
            String jobStatus,
            long restarts,
            Optional<String> latestFailure,
            long failedCommittables,
            ExactlyOnceVerifier.Verdict<String> verdict,
            List<String> committerSaid,
            List<String> brokerTimedOut) {

        void print() {
            String name = scenario.name();
            System.out.printf(
                    "%s: transaction timeout %d ms, storage latency %d ms, Kafka cut off for %d ms once checkpoint %d"
                            + " was acknowledged; it %s %d ms after its last acknowledgement%n",
                    name,
                    scenario.transactionTimeout().toMillis(),
                    scenario.storageLatency().toMillis(),
                    scenario.outage().toMillis(),
                    checkpoint,
                    checkpointFate,
                    completedMillisAfterAcknowledged);
            System.out.printf("%s: committed at the cut %d; Kafka proxy %s%n", name, committedAtCut, proxy);
            System.out.printf("%s: the broker's transactions afterwards: %s%n", name, transactions);
            System.out.printf(
                    "%s: job %s, %d restarts (latest failure: %s), failedCommittables %d; %s%n",
                    name, jobStatus, restarts, latestFailure.orElse("none"), failedCommittables, verdict.describe());
            brokerTimedOut.forEach(line -> System.out.printf("%s: broker: %s%n", name, line));
            committerSaid.forEach(line -> System.out.printf("%s: committer: %s%n", name, line));
        }

        void assertSilentLossOfTransaction() {
            String transaction = "-" + checkpoint;
            assertThat(checkpointFate)
                    .as("the checkpoint that holds the transaction")
                    .isEqualTo(CheckpointStatsStatus.COMPLETED);
            assertThat(brokerTimedOut)
                    .as("the broker's aborts past the timeout")
                    .anyMatch(line ->
                            line.contains(scenario.name() + "-") && line.endsWith(transaction + " due to timeout"));
            assertThat(committerSaid)
                    .as("what the committer logged")
                    // Refused as aborted (InvalidTxnStateException) or, when the outage's expired checkpoints
                    // made the job fail over first, as fenced on the recovery's retry of the same commit.
                    .anyMatch(line -> line.startsWith("ERROR")
                            && line.contains("Unable to commit transaction")
                            && line.contains(transaction + "'")
                            && (line.contains("InvalidTxnStateException") || line.contains("already fenced")));
            assertThat(failedCommittables)
                    .as("the committer's failedCommittables metric")
                    .isPositive();
            assertThat(verdict.missing()).as("records lost").isNotEmpty();
            assertThat(verdict.missing().keySet())
                    .as("lost records, all from the phase the transaction held")
                    .allMatch(id -> phaseOf(id) == 2);
            assertThat(verdict.duplicated()).isEmpty();
            assertThat(verdict.unexpected()).isEmpty();
            assertThat(jobStatus).as("the job after the loss").isEqualTo("RUNNING");
            // The loss itself never fails the job: a restart, if any, is the outage's (checkpoints
            // that expired while Kafka was out of reach), and recovery drops the same transaction again.
            assertThat(latestFailure.orElse("none"))
                    .as("the job's latest failure")
                    .doesNotContain("Txn", "Fenced");
            if (scenario.outage().isZero()) {
                assertThat(restarts)
                        .as("restarts of a job that lost records to slow checkpoints")
                        .isZero();
            } else {
                assertThat(proxy.cut()).as("connections the outage cut").isPositive();
            }
        }

        void assertExactlyOnce() {
            assertThat(checkpointFate).isEqualTo(CheckpointStatsStatus.COMPLETED);
            assertThat(proxy.cut()).as("connections the outage cut").isPositive();
            assertThat(brokerTimedOut)
                    .as("the broker's aborts past the timeout")
                    .isEmpty();
            assertThat(committerSaid).as("what the committer logged").isEmpty();
            verdict.assertExactlyOnce();
        }

        private static int phaseOf(String id) {
            return Integer.parseInt(id.substring("event-".length())) / RECORDS_PER_PHASE + 1;
        }
    }

    private JobID submit(Scenario scenario, String input, String output) {
        ObjectStore store = TESTKIT.objectStore();
        String name = scenario.name();
        StarterSettings settings = FlinkStarters.settings(ConfigLoader.load(
                ConfigFactory.parseString(
                        ContractRun.startersConfig(store.uri(name + "/checkpoints"), store.uri(name + "/savepoints"))
                                + ContractRun.NO_RESTORE
                                // small state travels inside the checkpoint's metadata: only that write is slow
                                + "flink.checkpoint.state-backend { type = hashmap, incremental = false }\n"
                                // checkpoint storage through the store's proxy
                                + TESTKIT.s3Hocon()),
                Map.of()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.toConfiguration());
        env.setParallelism(2);
        SamplePipeline.build(
                env,
                new ContractContext(
                        TESTKIT.jobBootstrapServers(),
                        input,
                        output,
                        name,
                        scenario.transactionTimeout(),
                        OperatorFailure.none(),
                        1),
                DeliveryGuarantee.EXACTLY_ONCE);
        return TESTKIT.miniCluster().submit(env);
    }

    private static AbstractCheckpointStats checkpoint(InJvmMiniCluster cluster, JobID job, long checkpointId)
            throws Exception {
        return cluster
                .miniCluster()
                .getExecutionGraph(job)
                .get(10, TimeUnit.SECONDS)
                .getCheckpointStatsSnapshot()
                .getHistory()
                .getCheckpoints()
                .stream()
                .filter(stats -> stats.getCheckpointId() == checkpointId)
                .findFirst()
                .orElse(null);
    }

    /**
     * The committer's {@code failedCommittables}, summed over subtasks, from the REST API (metrics there
     * are fetched every few seconds: wait for a positive count when one is expected).
     */
    private static long failedCommittables(InJvmMiniCluster cluster, JobID job, boolean expectSome) {
        return Await.until(
                "the committer's failedCommittables metric",
                () -> {
                    long sum = 0;
                    Matcher vertices = VERTEX_ID.matcher(cluster.rest("/jobs/" + job));
                    while (vertices.find()) {
                        String base = "/jobs/" + job + "/vertices/" + vertices.group(1) + "/subtasks/metrics";
                        Matcher metric = METRIC_ID.matcher(cluster.rest(base));
                        if (metric.find()) {
                            Matcher value = SUM.matcher(cluster.rest(base + "?agg=sum&get=" + metric.group(1)));
                            sum += value.find() ? (long) Double.parseDouble(value.group(1)) : 0;
                        }
                    }
                    return sum;
                },
                sum -> !expectSome || sum > 0,
                Duration.ofSeconds(60));
    }

    /**
     * The checkpoint that pre-commits the oldest open transaction holding records of {@code topic}: the
     * sink names its transactions {@code prefix-subtask-checkpoint}, and checkpoint N commits those named N.
     */
    private static long oldestOpenTransactionCheckpoint(String prefix, String topic) throws Exception {
        try (Admin admin = Admin.create(adminProperties())) {
            List<String> ids = admin
                    .listTransactions(new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .stream()
                    .map(TransactionListing::transactionalId)
                    .filter(id -> id.startsWith(prefix + "-"))
                    .toList();
            return admin.describeTransactions(ids).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .filter(entry -> entry.getValue().topicPartitions().stream()
                            .anyMatch(partition -> partition.topic().equals(topic)))
                    .mapToLong(entry -> Long.parseLong(
                            entry.getKey().substring(entry.getKey().lastIndexOf('-') + 1)))
                    .min()
                    .orElse(-1);
        }
    }

    /** The broker's view of the job's transactions: transactional id to state and producer epoch. */
    private static Map<String, String> transactions(String prefix) throws Exception {
        try (Admin admin = Admin.create(adminProperties())) {
            List<String> ids = admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                    .map(TransactionListing::transactionalId)
                    .filter(id -> id.startsWith(prefix + "-"))
                    .toList();
            return admin.describeTransactions(ids).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey,
                            entry -> entry.getValue().state() + " epoch "
                                    + entry.getValue().producerEpoch(),
                            (a, b) -> a,
                            TreeMap::new));
        }
    }

    private static Properties adminProperties() {
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return properties;
    }

    /** Data records in the topic, aborted and open transactions' included (markers are not returned). */
    private static long uncommittedCount(String topic) {
        Properties properties = new Properties();
        properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        properties.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long records = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end " + end);
                }
                records += consumer.poll(Duration.ofMillis(200)).count();
            }
            return records;
        }
    }
}
