package io.flinkstarters.testkit;

import io.flinkstarters.testkit.ContractCluster.Kind;
import io.flinkstarters.testkit.ExactlyOnceVerifier.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.commons.support.ReflectionSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job-level contract test: subclass it, say how to build the job, feed input and read output
 * ({@link ContractJob}), and inherit a battery of faults, one {@code @Nested} group each
 * ({@link ContractFault}), each followed by an exactly-once check of the committed output and a check
 * that no Kafka transaction of the job's is left open.
 *
 * <p>The job runs on <em>its own settings</em> ({@link ContractJob#configuration()}: restart strategy and
 * its budget, state backend, tolerable checkpoint failures, retention, heartbeats...), with only what a
 * test must override (storage on the testkit's object store, the restore point, optionally time scaled
 * down); every submission logs each override and the effective settings in one line. A job whose settings
 * cannot survive a fault fails the test with a message that says so.
 *
 * <p>Every test: input records are produced in two phases; the job starts and completes a checkpoint
 * and commits output; a seeded part of the second phase is produced, the fault strikes at a seeded
 * point of the checkpoint cycle, the rest follows, and the committed output must hold every expected
 * record exactly once. Each test also proves its fault happened (an injected exception and a restart,
 * failed checkpoints, a process killed by SIGKILL, a restored checkpoint id, a changed parallelism, a
 * dead letter). The matrix of backends and seeds each fault runs over: {@link ContractCase}. The cluster:
 * a MiniCluster, or real processes with {@link ContractCluster}.
 */
@PublicEvolving
public abstract class ExactlyOnceContract<K> implements ContractJob<K> {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceContract.class);
    private static final int TASK_MANAGERS = 2;
    private static final String MATRIX = "io.flinkstarters.testkit.ContractCase#matrix";
    private static final AtomicInteger RUNS = new AtomicInteger();

    /**
     * The components every contract test shares: 2 TaskManagers x 2 slots (a MiniCluster, or processes
     * for a class annotated with {@link ContractCluster}) started with the job's own cluster-level
     * settings, Kafka, an S3 store for checkpoints, and ZooKeeper for high availability on processes. The
     * job reaches Kafka and the store through fault proxies, for the network faults.
     */
    @RegisterExtension
    protected static final Testkit TESTKIT = Testkit.builder()
            .taskManagers(TASK_MANAGERS)
            .slotsPerTaskManager(2)
            .networkFaults()
            .kafka()
            .objectStore("contract")
            .perTestClass(ExactlyOnceContract::configureFor)
            .build();

    private static void configureFor(Class<?> testClass, Testkit.Builder builder) {
        Kind kind = clusterKind(testClass);
        if (kind != Kind.MINI_CLUSTER) {
            builder.processes(testClass.getSimpleName());
        }
        if (kind == Kind.PROCESSES_WITH_HIGH_AVAILABILITY) {
            builder.zooKeeper();
        }
        ContractJob<?> job = (ContractJob<?>) ReflectionSupport.newInstance(testClass);
        builder.clusterOptions(testkit -> clusterOptions(job, testkit, testClass, kind));
    }

    private static Kind clusterKind(Class<?> testClass) {
        ContractCluster annotation = testClass.getAnnotation(ContractCluster.class);
        return annotation == null ? Kind.MINI_CLUSTER : annotation.value();
    }

    /**
     * The cluster-level part of the job's own settings (heartbeats, retained checkpoints, failover
     * strategy, ...), with the testkit's storage and high availability as the cluster kind has it: the
     * kind decides, whatever the job's {@code flink.recovery.high-availability} says (ZooKeeper in this
     * JVM and HA storage on the object store for {@link Kind#PROCESSES_WITH_HIGH_AVAILABILITY}, none
     * otherwise).
     */
    private static Configuration clusterOptions(ContractJob<?> job, Testkit testkit, Class<?> testClass, Kind kind) {
        String name = testClass.getSimpleName().toLowerCase(Locale.ROOT);
        ContractContext context = new ContractContext(
                name,
                testkit.jobBootstrapServers(),
                name + "-in",
                name + "-out",
                name,
                Duration.ofMinutes(5),
                OperatorFailure.none(),
                1,
                job.parallelism(),
                job.configuration());
        String storage =
                "flink.checkpoint.storage { dir = \"" + testkit.objectStore().uri(name + "/checkpoints")
                        + "\", savepoint-dir = \"" + testkit.objectStore().uri(name + "/savepoints") + "\" }\n";
        String highAvailability = kind == Kind.PROCESSES_WITH_HIGH_AVAILABILITY
                ? "flink.recovery.high-availability { type = zookeeper, storage-dir = \""
                        + testkit.objectStore().uri(name + "/high-availability") + "\", cluster-id = \"/" + name
                        + "\", zookeeper.quorum = \"" + testkit.zooKeeper().connectString() + "\" }\n"
                : "flink.recovery.high-availability.type = none\n";
        return ContractSettings.of(
                        job,
                        job.wiring(context),
                        storage + testkit.s3Hocon() + ContractRun.NO_RESTORE + highAvailability,
                        Optional.empty())
                .starters()
                .clusterConfiguration();
    }

    /**
     * Whether this class runs a fault's group; all by default. Override to opt out of one (its tests are
     * then skipped, saying why), e.g. a class that only adds the high-availability variant.
     */
    protected boolean runs(ContractFault fault) {
        return true;
    }

    /** Leaves the shared components as the next test expects them, whatever this test did. */
    @AfterEach
    public void cleanUp() {
        TESTKIT.objectStore().proxy().restore();
        TESTKIT.kafka().proxy().restore();
        TESTKIT.objectStore().resume();
        TESTKIT.kafka().resume();
        FlinkCluster cluster = TESTKIT.cluster();
        cluster.startJobManager();
        cluster.cancelRunningJobs();
        while (cluster.liveTaskManagers().size() < TASK_MANAGERS) {
            cluster.startTaskManager();
        }
        cluster.awaitTaskManagers(TASK_MANAGERS);
    }

    /**
     * A run of this job for one test, with its own topics and storage paths, named after the fault (e.g.
     * {@code broker-blackhole-12}: lower case letters, digits and dashes, as topic and S3 names allow).
     */
    protected ContractRun<K> newRun(String fault, ContractCase cell, OperatorFailure failure) {
        String slug =
                fault.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        String name = slug.substring(0, Math.min(slug.length(), 40)) + "-" + RUNS.incrementAndGet();
        return new ContractRun<>(TESTKIT, this, name, cell, failure);
    }

    /** A fault's test, given its run. */
    @FunctionalInterface
    protected interface FaultTest<K> {
        void run(ContractRun<K> run);
    }

    /**
     * Runs one fault's test on a new run: a job that fails for good instead of recovering fails it with
     * the reason and the settings that could not survive, and every failure names the matrix cell and how
     * to replay it. A fault of your own calls this from a {@code @ParameterizedTest} over
     * {@link ContractCase#matrix()} (see docs/TESTKIT.md, "A fault of your own").
     *
     * @param fault what happens, e.g. {@code "the broker is partitioned away"}; names the run and the messages
     */
    protected void strike(String fault, ContractCase cell, OperatorFailure failure, FaultTest<K> test) {
        ContractRun<K> run = newRun(fault, cell, failure);
        String replay = " (replay: -Dtestkit.seed=" + cell.seed() + " -Dtestkit.seeds=1 -Dtestkit.backends="
                + cell.backend().orElse("job") + " -Dit.test='" + getClass().getSimpleName() + "')";
        try {
            test.run(run);
        } catch (JobFailedError e) {
            throw new AssertionError(
                    fault + " [" + cell + "], run " + run.name() + ": the job failed for good instead of recovering,"
                            + " so its settings cannot survive this fault. Restart strategy: "
                            + run.settings().restartStrategy() + "; tolerable checkpoint failures: "
                            + run.settings().tolerableCheckpointFailures() + ". " + e.getMessage() + replay,
                    e);
        } catch (AssertionError e) {
            throw new AssertionError(fault + " [" + cell + "], run " + run.name() + ": " + e.getMessage() + replay, e);
        }
    }

    private void strike(ContractFault fault, ContractCase cell, OperatorFailure failure, FaultTest<K> test) {
        strike(fault.description(), cell, failure, test);
    }

    private void require(ContractFault fault, boolean condition, String reason) {
        boolean selected = ContractCase.selects(fault);
        String why = !runs(fault)
                ? getClass().getSimpleName() + " opts out of it (runs(" + fault + "))"
                : !selected ? "-D" + ContractCase.FAULTS + " leaves it out" : reason;
        if (!runs(fault) || !selected || !condition) {
            LOG.info("Skipping '{}' for {}: {}", fault.description(), getClass().getSimpleName(), why);
            Assumptions.abort(why);
        }
    }

    /** The contract's proofs: a failed one says what was expected and what was seen. */
    static void expect(boolean holds, String expected, Object seen) {
        if (!holds) {
            throw new AssertionError("expected " + expected + ", but saw: " + seen);
        }
    }

    private static void expectRestoredAtLeast(FlinkCluster cluster, JobID job, long checkpoint) {
        Optional<Long> restored = cluster.restoredCheckpointId(job);
        expect(
                restored.filter(id -> id >= checkpoint).isPresent(),
                "job " + job + " restored from checkpoint " + checkpoint + " or a later one",
                restored.map(id -> "checkpoint " + id).orElse("no restore"));
    }

    /**
     * Waits for a new JobMaster's restore: it takes over asynchronously, and until it has, the REST API
     * can still show the lost one's running tasks (seen on the MiniCluster, whose leadership is revoked and
     * granted in a moment), so "all tasks running" alone proves nothing.
     */
    private static void awaitRestoredAtLeast(FlinkCluster cluster, JobID job, long checkpoint) {
        Await.until(
                "job " + job + " restored from checkpoint " + checkpoint + " or a later one",
                () -> cluster.notFailed(job) ? cluster.restoredCheckpointId(job) : Optional.<Long>empty(),
                restored -> restored.filter(id -> id >= checkpoint).isPresent(),
                cluster.timeout());
    }

    private boolean onProcesses() {
        return TESTKIT.cluster() instanceof ProcessCluster;
    }

    private void requireRunsHere(ContractFault fault) {
        require(fault, true, "");
    }

    @Nested
    @DisplayName("an exception in an operator")
    class OperatorException {

        @BeforeEach
        void runsHere() {
            require(
                    ContractFault.OPERATOR_EXCEPTION,
                    !onProcesses(),
                    "the job runs from its jar on a process cluster, where the test has no fault point in it;"
                            + " an operator exception needs the job built in this JVM (the MiniCluster contract)");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(MATRIX)
        void theJobRestoresItsLatestCheckpointAndCommitsEveryRecordOnce(ContractCase cell) {
            long records = cell.timing().recordsBeforeFailure(recordsPerPhase() / 2);
            OperatorFailure failure = OperatorFailure.afterRecords(records).afterCheckpoint(1);
            strike(ContractFault.OPERATOR_EXCEPTION, cell, failure, run -> {
                JobID job = run.start();
                run.measureRecovery(job, run::produceSecondPhase);
                expect(failure.injected() == 1, "one injected operator failure", failure.injected());
                expect(
                        run.cluster().restoredCheckpointId(job).isPresent(),
                        "a checkpoint restored after the failure",
                        run.cluster().restoredCheckpointId(job));
                run.verify(job);
            });
        }
    }

    @Nested
    @DisplayName("a TaskManager is lost")
    class TaskManagerLoss {

        @BeforeEach
        void runsHere() {
            requireRunsHere(ContractFault.TASK_MANAGER_LOSS);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(MATRIX)
        void theJobRecoversOnTheReplacementAndCommitsEveryRecordOnce(ContractCase cell) {
            strike(ContractFault.TASK_MANAGER_LOSS, cell, OperatorFailure.none(), run -> {
                JobID job = run.start();
                run.approachStrike(job);
                int victim = cell.timing().taskManager(run.cluster().liveTaskManagers());
                Loss[] loss = new Loss[1];
                run.measureRecovery(job, () -> {
                    loss[0] = run.cluster().replaceTaskManager(victim);
                    run.produceRestOfPhase();
                });
                expect(!onProcesses() || loss[0].killedBySigkill(), "a TaskManager killed by SIGKILL", loss[0]);
                expect(
                        !run.cluster().liveTaskManagers().contains(victim),
                        "TaskManager " + victim + " gone",
                        run.cluster().liveTaskManagers());
                expect(
                        run.cluster().restoredCheckpointId(job).isPresent(),
                        "a checkpoint restored after the loss",
                        run.cluster().restoredCheckpointId(job));
                run.verify(job);
            });
        }
    }

    @Nested
    @DisplayName("the checkpoint storage is down")
    class CheckpointStorageOutage {

        @BeforeEach
        void runsHere() {
            requireRunsHere(ContractFault.CHECKPOINT_STORAGE_OUTAGE);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(MATRIX)
        void pastTheTolerableFailuresTheJobFailsOverAndRecoversWhenTheStorageIsBack(ContractCase cell) {
            strike(ContractFault.CHECKPOINT_STORAGE_OUTAGE, cell, OperatorFailure.none(), run -> {
                JobID job = run.start();
                run.approachStrike(job);
                FlinkCluster cluster = run.cluster();
                int tolerable = run.settings().tolerableCheckpointFailures();
                long failedBefore = cluster.checkpointStats(job).failed();
                long restartsBefore = cluster.restarts(job);
                try (ObjectStore.Outage outage = TESTKIT.objectStore().outage()) {
                    cluster.awaitFailedCheckpoints(job, failedBefore + tolerable + 1);
                    cluster.awaitRestarts(job, restartsBefore + 1);
                }
                run.produceRestOfPhase();
                run.verify(job);
            });
        }
    }

    @Nested
    @DisplayName("the Kafka broker restarts")
    class KafkaBrokerRestart {

        @BeforeEach
        void runsHere() {
            requireRunsHere(ContractFault.KAFKA_BROKER_RESTART);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(MATRIX)
        void theJobReconnectsAndCommitsEveryRecordOnce(ContractCase cell) {
            strike(ContractFault.KAFKA_BROKER_RESTART, cell, OperatorFailure.none(), run -> {
                JobID job = run.start();
                run.approachStrike(job);
                KafkaBroker kafka = TESTKIT.kafka();
                kafka.stop();
                expect(!kafka.isServing(), "the broker refusing connections while stopped", "it accepted one");
                kafka.resume();
                run.produceRestOfPhase();
                run.verify(job);
            });
        }
    }

    @Nested
    @DisplayName("the JobManager is lost")
    class JobManagerLoss {

        @BeforeEach
        void runsHere() {
            requireRunsHere(ContractFault.JOB_MANAGER_LOSS);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(MATRIX)
        void withoutHighAvailabilityTheJobIsGoneAndARedeployFromTheLatestRetainedCheckpointContinuesIt(
                ContractCase cell) {
            require(
                    ContractFault.JOB_MANAGER_LOSS,
                    !TESTKIT.cluster().highAvailability(),
                    "this cluster recovers a lost JobManager's jobs by itself (the MiniCluster, or processes with"
                            + " high availability); without high availability runs on ContractCluster.Kind.PROCESSES");
            strike(ContractFault.JOB_MANAGER_LOSS, cell, OperatorFailure.none(), run -> {
                JobID first = run.start();
                run.approachStrike(first);
                FlinkCluster cluster = run.cluster();
                long lastCheckpoint = cluster.latestCompletedCheckpointId(first).orElseThrow();
                Loss loss = cluster.replaceJobManager();
                expect(loss.killedBySigkill(), "the JobManager killed by SIGKILL", loss);
                expect(
                        !cluster.knows(first),
                        "a new JobManager that does not know job " + first
                                + " (without high availability the job dies with its JobManager)",
                        "it knows it");
                JobID second = run.submit(ContractRun.RESTORE_LATEST_RETAINED, 1);
                cluster.awaitAllTasksRunning(second);
                expectRestoredAtLeast(cluster, second, lastCheckpoint);
                run.produceRestOfPhase();
                run.verify(second);
            });
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(MATRIX)
        void withHighAvailabilityANewJobManagerRecoversTheJobByItself(ContractCase cell) {
            require(
                    ContractFault.JOB_MANAGER_LOSS,
                    TESTKIT.cluster().highAvailability(),
                    "this cluster has no high availability; runs on the MiniCluster or on"
                            + " ContractCluster.Kind.PROCESSES_WITH_HIGH_AVAILABILITY");
            strike(ContractFault.JOB_MANAGER_LOSS, cell, OperatorFailure.none(), run -> {
                JobID job = run.start();
                run.approachStrike(job);
                FlinkCluster cluster = run.cluster();
                long lastCheckpoint = cluster.latestCompletedCheckpointId(job).orElseThrow();
                Loss loss = cluster.replaceJobManager();
                expect(!onProcesses() || loss.killedBySigkill(), "the JobManager killed by SIGKILL", loss);
                run.produceRestOfPhase();
                awaitRestoredAtLeast(cluster, job, lastCheckpoint);
                cluster.awaitAllTasksRunning(job);
                run.verify(job);
            });
        }
    }

    @Nested
    @DisplayName("cancel, then redeploy from the latest retained checkpoint")
    class CancelAndRestore {

        @BeforeEach
        void runsHere() {
            requireRunsHere(ContractFault.CANCEL_AND_RESTORE);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(MATRIX)
        void theRedeployedJobContinuesWhereTheCancelledOneStopped(ContractCase cell) {
            strike(ContractFault.CANCEL_AND_RESTORE, cell, OperatorFailure.none(), run -> {
                JobID first = run.start();
                run.approachStrike(first);
                long lastCheckpoint =
                        run.cluster().latestCompletedCheckpointId(first).orElseThrow();
                run.cluster().cancel(first);
                run.produceRestOfPhase();
                JobID second = run.submit(ContractRun.RESTORE_LATEST_RETAINED, 1);
                run.cluster().awaitAllTasksRunning(second);
                expectRestoredAtLeast(run.cluster(), second, lastCheckpoint);
                run.verify(second);
            });
        }
    }

    @Nested
    @DisplayName("stop with a savepoint, then start the upgraded job from it")
    class UpgradeFromSavepoint {

        @BeforeEach
        void runsHere() {
            requireRunsHere(ContractFault.UPGRADE_FROM_SAVEPOINT);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(MATRIX)
        void theUpgradedJobKeepsTheStateAndCommitsEveryRecordOnce(ContractCase cell) {
            strike(ContractFault.UPGRADE_FROM_SAVEPOINT, cell, OperatorFailure.none(), run -> {
                JobID first = run.start();
                run.approachStrike(first);
                String savepoint = run.cluster().stopWithSavepoint(first, run.savepointDir());
                expect(savepoint.startsWith(run.savepointDir()), "a savepoint in " + run.savepointDir(), savepoint);
                run.produceRestOfPhase();
                JobID upgraded = run.submit(ContractRun.restoreFromPath(savepoint), 2);
                run.cluster().awaitAllTasksRunning(upgraded);
                expect(
                        run.cluster().restoredCheckpointId(upgraded).isPresent(),
                        "the upgraded job restored from the savepoint",
                        run.cluster().checkpointStats(upgraded));
                run.verify(upgraded);
            });
        }
    }

    @Nested
    @DisplayName("rescale from a retained checkpoint, 2 to 4 to 1")
    class Rescale {

        @BeforeEach
        void runsHere() {
            requireRunsHere(ContractFault.RESCALE);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(MATRIX)
        void theStateIsRedistributedAndEveryRecordIsCommittedOnce(ContractCase cell) {
            strike(ContractFault.RESCALE, cell, OperatorFailure.none(), run -> {
                FlinkCluster cluster = run.cluster();
                JobID first = run.start();
                expect(
                        cluster.parallelism(first) == parallelism(),
                        "parallelism " + parallelism(),
                        cluster.parallelism(first));
                run.approachStrike(first);
                cluster.cancel(first);
                JobID wider = rescaled(run, 4);
                run.topics().produce(recordsPerPhase() / 4);
                // Two checkpoints at parallelism 4: the state, redistributed over 4 subtasks, is snapshotted
                // so. (No wait for output here: with more source subtasks than input partitions, a job that
                // never declares sources idle holds its watermark back, as it should; its windows close at 1.)
                cluster.awaitCompletedCheckpoints(wider, 2);
                cluster.cancel(wider);
                JobID narrower = rescaled(run, 1);
                run.produceRestOfPhase();
                run.verify(narrower);
            });
        }

        private JobID rescaled(ContractRun<K> run, int parallelism) {
            FlinkCluster cluster = run.cluster();
            JobID job = run.submit(ContractRun.RESTORE_LATEST_RETAINED, 1, parallelism);
            cluster.awaitAllTasksRunning(job);
            expect(
                    cluster.parallelism(job) == parallelism,
                    "parallelism " + parallelism + " in the REST job details after rescaling",
                    cluster.parallelism(job));
            expect(
                    cluster.restoredCheckpointId(job).isPresent(),
                    "the rescaled job restored the latest retained checkpoint",
                    cluster.checkpointStats(job));
            return job;
        }
    }

    @Nested
    @DisplayName("a record the job cannot process")
    class Poison {

        @BeforeEach
        void runsHere() {
            require(
                    ContractFault.POISON_RECORD,
                    poisonRecord().isPresent(),
                    ExactlyOnceContract.this.getClass().getSimpleName()
                            + " declares no poison record (ContractJob.poisonRecord())");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(MATRIX)
        void theJobDeadLettersItOrFailsClearlyAndDoesNotLoopInRestarts(ContractCase cell) {
            PoisonRecord poison = poisonRecord().orElseThrow();
            strike(ContractFault.POISON_RECORD, cell, OperatorFailure.none(), run -> {
                JobID job = run.start();
                FlinkCluster cluster = run.cluster();
                long restartsBefore = cluster.restarts(job);
                TESTKIT.kafka()
                        .produce(
                                run.topics().inputTopic(),
                                List.of(new ProducerRecord<>(
                                        run.topics().inputTopic(), 0, poison.key(), poison.value())));
                if (poison.outcome() == PoisonRecord.Outcome.DEAD_LETTER) {
                    run.produceSecondPhase();
                    String deadLetters = run.topics().topic(poison.deadLetterTopic());
                    Await.until(
                            "the poison record's dead letter in " + deadLetters,
                            () -> {
                                long restarts = cluster.restarts(job);
                                expect(
                                        cluster.notFailed(job) && restarts == restartsBefore,
                                        "no restart for a poison record the job dead-letters",
                                        restarts - restartsBefore + " restart(s), the last for "
                                                + cluster.latestFailure(job).orElse("?"));
                                return TESTKIT.kafka().readCommitted(deadLetters).stream()
                                        .anyMatch(poison.isItsDeadLetter());
                            },
                            cluster.timeout());
                    run.verify(job);
                } else {
                    JobStatus status = cluster.awaitTermination(job);
                    expect(
                            status == JobStatus.FAILED,
                            "the job FAILED on the poison record (rather than restarting forever)",
                            status);
                    Optional<String> failure = cluster.latestFailure(job);
                    expect(
                            failure.filter(message -> message.contains(poison.failure()))
                                    .isPresent(),
                            "a last failure that says '" + poison.failure() + "'",
                            failure);
                    Verdict<K> verdict = run.topics().finalVerdict();
                    expect(
                            verdict.duplicated().isEmpty()
                                    && verdict.readUncommitted().isEmpty(),
                            "what the job committed before it failed, once",
                            verdict.describe());
                    LOG.info(
                            "{}: failed on the poison record after {} failure(s): {}",
                            run.name(),
                            cluster.restarts(job),
                            new String(poison.value(), StandardCharsets.UTF_8));
                }
            });
        }
    }

    @Nested
    @DisplayName("Kafka does not answer for longer than the clients' request timeout")
    class KafkaBlackhole {

        @BeforeEach
        void runsHere() {
            requireRunsHere(ContractFault.KAFKA_BLACKHOLE);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(MATRIX)
        void theClientsGiveUpAndReconnectAndAfterTheHealEveryRecordIsCommittedOnce(ContractCase cell) {
            strike(
                    ContractFault.KAFKA_BLACKHOLE,
                    cell,
                    OperatorFailure.none(),
                    run -> NetworkFaults.kafkaBlackhole(run, TESTKIT.kafka().proxy(), kafkaRequestTimeout()));
        }
    }

    @Nested
    @DisplayName("the connections to Kafka are reset")
    class KafkaConnectionReset {

        @BeforeEach
        void runsHere() {
            requireRunsHere(ContractFault.KAFKA_CONNECTION_RESET);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(MATRIX)
        void theClientsReconnectAndEveryRecordIsCommittedOnce(ContractCase cell) {
            strike(
                    ContractFault.KAFKA_CONNECTION_RESET,
                    cell,
                    OperatorFailure.none(),
                    run -> NetworkFaults.kafkaConnectionReset(
                            run, TESTKIT.kafka().proxy()));
        }
    }

    @Nested
    @DisplayName("the checkpoint storage does not answer")
    class CheckpointStorageBlackhole {

        @BeforeEach
        void runsHere() {
            requireRunsHere(ContractFault.CHECKPOINT_STORAGE_BLACKHOLE);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(MATRIX)
        void checkpointsFailWhileItLastsAndCompleteAgainAfterTheHeal(ContractCase cell) {
            strike(
                    ContractFault.CHECKPOINT_STORAGE_BLACKHOLE,
                    cell,
                    OperatorFailure.none(),
                    run -> NetworkFaults.storageBlackhole(
                            run, TESTKIT.objectStore().proxy()));
        }
    }
}
