package io.flinkstarters.testkit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;

import io.flinkstarters.testkit.ContractContext;
import io.flinkstarters.testkit.ContractRun;
import io.flinkstarters.testkit.ContractTopics;
import io.flinkstarters.testkit.ExactlyOnceContract;
import io.flinkstarters.testkit.ExactlyOnceVerifier.Verdict;
import io.flinkstarters.testkit.OperatorFailure;
import io.flinkstarters.testkit.PoisonRecord;
import io.flinkstarters.testkit.Testkit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The negative controls: each of the contract's checks, shown failing on a job or a broker state that
 * breaks it. An at-least-once sink duplicates; settings that cannot survive a TaskManager loss fail the
 * contract saying so; a job that restarts on a record it claims to dead-letter fails the
 * poison-record test; an open transaction is named; records that vanish from a {@code read_committed}
 * view are read-uncommitted.
 */
class NegativeControlsITCase {

    // tag::testkit[]
    @RegisterExtension
    static final Testkit TESTKIT = Testkit.builder()
            .taskManagers(2)
            .slotsPerTaskManager(2)
            .kafka()
            .objectStore("faults")
            .build();
    // end::testkit[]

    @AfterEach
    void cancelLeftoverJobs() {
        TESTKIT.cluster().cancelRunningJobs();
    }

    @Test
    void atLeastOnceSinkIsRejectedUnderTheSameFailure() {
        // tag::negative-control[]
        OperatorFailure failure = OperatorFailure.afterRecords(50).afterCheckpoint(1);
        ContractRun<String> run =
                new ContractRun<>(TESTKIT, new SampleJob(DeliveryGuarantee.AT_LEAST_ONCE), "at-least-once", failure);
        JobID job = run.start();
        run.produceSecondPhase();
        run.cluster().awaitRestarts(job, 1);

        Verdict<String> verdict = run.verdict(job);

        assertThat(failure.injected()).isEqualTo(1);
        assertThat(verdict.isExactlyOnce()).as(verdict.describe()).isFalse();
        assertThat(verdict.duplicated())
                .as("records replayed since the checkpoint")
                .isNotEmpty();
        assertThat(verdict.lost()).isEmpty();
        assertThat(verdict.describe()).startsWith("not exactly once").contains("duplicated");
        // end::negative-control[]
    }

    /**
     * Settings without restarts cannot survive a TaskManager loss. (With {@code fixed-delay attempts = 1}
     * they can, on the MiniCluster, whose TaskManagers leave with a goodbye: one restart is enough. On
     * processes a killed TaskManager is redeployed onto until heartbeats notice it, and one attempt is
     * used up: the health job's {@code FragileSettingsOnProcessesITCase} shows it.)
     */
    @Test
    void settingsThatCannotSurviveATaskManagerLossFailTheContractSayingWhy() {
        List<Throwable> failures = runContractGroup(NoRestarts.class, "TaskManagerLoss");

        assertThat(failures).hasSize(1);
        assertThat(failures.get(0))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a TaskManager is lost")
                .hasMessageContaining("the job failed for good instead of recovering, so its settings cannot survive")
                .hasMessageContaining("Restart strategy: type = none")
                .hasMessageContaining("replay: -Dtestkit.seed=1");
    }

    @Test
    void aJobThatRestartsOnARecordItClaimsToDeadLetterFailsThePoisonRecordTest() {
        List<Throwable> failures = runContractGroup(ThrowsOnPoison.class, "Poison");

        assertThat(failures).hasSize(1);
        assertThat(failures.get(0))
                .hasMessageContaining("a record the job cannot process")
                .hasMessageContaining("expected no restart for a poison record the job dead-letters")
                .hasMessageContaining("poison: no dead-letter output in this pipeline");
    }

    /**
     * The network faults' proof that they hit the job: a job whose Kafka clients bypass the fault proxy
     * (connecting to the broker directly) sits through the Kafka blackhole untouched, and the group fails
     * saying that none of its bytes were held.
     */
    @Test
    void aJobThatBypassesTheFaultProxyFailsTheKafkaBlackholeGroup() {
        List<Throwable> failures = runContractGroup(BypassesTheProxy.class, "KafkaBlackhole");

        assertThat(failures).hasSize(1);
        assertThat(failures.get(0))
                .hasMessageContaining("Kafka does not answer for longer than the clients' request timeout")
                .hasMessageContaining("bytes of the job's Kafka clients held unanswered");
    }

    @Test
    void aTransactionLeftOpenIsNamed() {
        String prefix = "left-open";
        TESTKIT.kafka().createTopic(prefix + "-out", 1);
        Properties properties = TESTKIT.kafka().clientProperties();
        properties.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "-0-1");
        properties.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(prefix + "-out", "open".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
            ContractTopics<String> topics =
                    new ContractTopics<>(TESTKIT.kafka(), new SampleJob(DeliveryGuarantee.EXACTLY_ONCE), "other");

            assertThatThrownBy(() -> topics.assertNoOpenTransactions(prefix, Duration.ofSeconds(2)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no transaction with the prefix 'left-open' to be open")
                    .hasMessageContaining("left-open-0-1 (Ongoing)");
            producer.abortTransaction();
        }
        new ContractTopics<>(TESTKIT.kafka(), new SampleJob(DeliveryGuarantee.EXACTLY_ONCE), "after-abort")
                .assertNoOpenTransactions(prefix, Duration.ofSeconds(10));
    }

    @Test
    void recordsThatVanishFromTheCommittedOutputAreReadUncommitted() {
        ContractRun<String> run = new ContractRun<>(
                TESTKIT, new SampleJob(DeliveryGuarantee.EXACTLY_ONCE), "vanishing", OperatorFailure.none());
        JobID job = run.start();
        run.produceSecondPhase();
        run.topics().awaitExpectedOutput(run.cluster());
        run.cluster().cancel(job);

        TESTKIT.kafka().deleteRecords(run.topics().outputTopic());
        Verdict<String> verdict = run.topics().finalVerdict();

        assertThat(verdict.isExactlyOnce()).isFalse();
        assertThat(verdict.readUncommitted())
                .isNotEmpty()
                .allSatisfy(anomaly -> assertThat(anomaly).contains("was read committed, then was gone"));
        assertThat(verdict.describe()).contains("read-uncommitted");
    }

    /** Runs one of the contract's {@code @Nested} groups of {@code contract} in this JVM; returns its failures (tests' and containers'). */
    private static List<Throwable> runContractGroup(Class<?> contract, String group) {
        Class<?> nested = List.of(ExactlyOnceContract.class.getDeclaredClasses()).stream()
                .filter(type -> type.getSimpleName().equals(group))
                .findFirst()
                .orElseThrow();
        List<Throwable> failures = new ArrayList<>();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectNestedClass(List.of(contract), nested))
                                .build(),
                        new TestExecutionListener() {
                            @Override
                            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                                result.getThrowable().ifPresent(failures::add);
                            }
                        });
        return failures;
    }

    /** The sample pipeline without restarts (run only by the test above). */
    static class NoRestarts extends SamplePipelineContractITCase {
        @Override
        public String settingsOverrides() {
            return "flink.recovery.restart-strategy.type = none";
        }
    }

    /** The sample pipeline connecting to the broker directly, not through the fault proxy (run only by the test above). */
    static class BypassesTheProxy extends SamplePipelineContractITCase {
        @Override
        public void buildJob(StreamExecutionEnvironment env, ContractContext context) {
            ContractContext direct = new ContractContext(
                    context.runName(),
                    ExactlyOnceContract.TESTKIT.kafka().bootstrapServers(),
                    context.inputTopic(),
                    context.outputTopic(),
                    context.transactionalIdPrefix(),
                    context.transactionTimeout(),
                    context.failure(),
                    context.version(),
                    context.parallelism(),
                    context.configuration());
            SamplePipeline.build(env, direct, DeliveryGuarantee.EXACTLY_ONCE);
        }
    }

    /** The sample pipeline, claiming to dead-letter a record on which it throws (run only by the test above). */
    static class ThrowsOnPoison extends SamplePipelineContractITCase {
        @Override
        public void buildJob(StreamExecutionEnvironment env, ContractContext context) {
            SamplePipeline.build(env, context, DeliveryGuarantee.EXACTLY_ONCE, SamplePipeline::throwOnPoison);
        }

        @Override
        public List<String> extraTopics() {
            return List.of("dead-letters");
        }

        @Override
        public Optional<PoisonRecord> poisonRecord() {
            byte[] poison = "poison".getBytes(StandardCharsets.UTF_8);
            return Optional.of(PoisonRecord.deadLettered(poison, poison, "dead-letters", record -> true));
        }
    }
}
