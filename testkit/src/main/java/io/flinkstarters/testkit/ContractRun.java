package io.flinkstarters.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a {@link ContractJob} in a {@link Testkit}: its own topics and storage paths, the expected
 * output, submissions on the job's own settings (see {@link ContractSettings}: the job's configuration
 * with only what a test must override), built in this JVM for a MiniCluster or {@code flink run} of the
 * job's jar on a process cluster, the fault's timing from the matrix cell's seed, and the exactly-once
 * check at the end.
 */
@PublicEvolving
public final class ContractRun<K> {

    private static final Logger LOG = LoggerFactory.getLogger(ContractRun.class);

    /** {@code flink.recovery.restore} for a fresh start. */
    public static final String NO_RESTORE = "flink.recovery.restore { from = none }\n";
    /** {@code flink.recovery.restore} for a redeploy from the newest retained checkpoint. */
    public static final String RESTORE_LATEST_RETAINED = "flink.recovery.restore { from = latest-retained }\n";

    /** {@code flink.recovery.restore} for a start from a given checkpoint or savepoint. */
    public static String restoreFromPath(String snapshot) {
        return "flink.recovery.restore { from = path, path = \"" + snapshot + "\" }\n";
    }

    /** The sinks' {@code transaction.timeout.ms} ({@link ContractContext#sinkProperties()}): within the broker's 15 min. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(5);

    private final Testkit testkit;
    private final ContractJob<K> job;
    private final String name;
    private final ContractCase cell;
    private final OperatorFailure failure;
    private final ContractTopics<K> topics;
    private ContractSettings settings;
    private int submissions;

    /** Creates the run's topics. {@code name} must be unique within the testkit (it names topics and storage paths). */
    public ContractRun(Testkit testkit, ContractJob<K> job, String name, ContractCase cell, OperatorFailure failure) {
        this.testkit = testkit;
        this.job = job;
        this.name = name;
        this.cell = cell;
        this.failure = failure;
        this.topics = new ContractTopics<>(testkit.kafka(), job, name);
    }

    /** A run on the job's own backend, timed by seed 1. */
    public ContractRun(Testkit testkit, ContractJob<K> job, String name, OperatorFailure failure) {
        this(testkit, job, name, new ContractCase(Optional.empty(), 1), failure);
    }

    public String name() {
        return name;
    }

    public ContractCase cell() {
        return cell;
    }

    public OperatorFailure failure() {
        return failure;
    }

    public FlinkCluster cluster() {
        return testkit.cluster();
    }

    public ContractTopics<K> topics() {
        return topics;
    }

    /** The settings of the latest submission. */
    ContractSettings settings() {
        if (settings == null) {
            throw new IllegalStateException("Nothing submitted yet in run " + name);
        }
        return settings;
    }

    /** Where this run's savepoints go. */
    public String savepointDir() {
        return testkit.objectStore().uri(name + "/savepoints");
    }

    /** Where this run's checkpoints go (each job in a directory of its id below). */
    public String checkpointDir() {
        return testkit.objectStore().uri(name + "/checkpoints");
    }

    /** Produces the first phase, submits the job and waits until it has checkpointed and committed output. */
    public JobID start() {
        topics.produceNextPhase();
        JobID submitted = submit(NO_RESTORE, 1);
        cluster().awaitCompletedCheckpoints(submitted, 1);
        topics.awaitCommittedOutput(cluster());
        return submitted;
    }

    /** Produces the records after the fault. */
    public void produceSecondPhase() {
        topics.produceNextPhase();
    }

    /**
     * Brings the job to the seeded moment to strike: produces the seeded part of the next phase, so records
     * are in flight, then waits for the next completed checkpoint and the seeded fraction of the interval
     * after it. Produce the rest with {@link #produceRestOfPhase()}.
     */
    public void approachStrike(JobID job) {
        ContractTiming timing = cell.timing();
        topics.produce(timing.recordsBeforeStrike(this.job.recordsPerPhase()));
        cluster().awaitNextCheckpoint(job);
        long offset = (long) (timing.pointInCheckpointCycle()
                * settings().checkpointInterval().toNanos());
        long strikeAt = System.nanoTime() + offset;
        // The point in the checkpoint cycle is the seed's choice, not a condition to wait for.
        Await.until(
                "the seeded point in the checkpoint cycle",
                () -> System.nanoTime() >= strikeAt,
                cluster().timeout());
    }

    /** Produces what is left of the current phase. */
    public void produceRestOfPhase() {
        topics.produceRestOfPhase();
    }

    /**
     * Strikes with {@code fault} (which must let input flow again, e.g. produce the rest of the phase) and
     * measures the job's recovery; logs it and returns it.
     */
    public RecoveryTime measureRecovery(JobID submitted, Runnable fault) {
        RecoveryTime recovery = RecoveryTime.measure(cluster(), submitted, fault, topics::committedCount);
        LOG.info(
                "{} [{}]: running again after {} ms, first committed output after {} ms",
                name,
                cell,
                recovery.toRunning().toMillis(),
                recovery.toFirstOutput().toMillis());
        return recovery;
    }

    /** Submits the job with the job's default parallelism; {@code restore} is the {@code flink.recovery.restore} HOCON. */
    public JobID submit(String restore, int version) {
        return submit(restore, version, job.parallelism());
    }

    /**
     * Submits the job on its own settings, with the testkit's storage, S3 access and {@code restore} (the
     * {@code flink.recovery.restore} HOCON) over them; logs every override and the effective settings.
     */
    public JobID submit(String restore, int version, int parallelism) {
        ContractContext context = new ContractContext(
                name,
                testkit.jobBootstrapServers(),
                topics.inputTopic(),
                topics.outputTopic(),
                name,
                TRANSACTION_TIMEOUT,
                failure,
                version,
                parallelism,
                job.configuration());
        settings = ContractSettings.of(job, job.wiring(context), requiredOverrides(restore), cell.backend());
        submissions++;
        LOG.info("{} [{}] submission {} runs on {}", name, cell, submissions, settings.describe());
        FlinkCluster cluster = cluster();
        if (cluster instanceof InJvmMiniCluster miniCluster) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                    settings.starters().toConfiguration());
            env.setParallelism(parallelism);
            job.buildJob(env, context.withConfiguration(settings.effective()));
            return miniCluster.submit(env);
        }
        ProcessCluster processes = (ProcessCluster) cluster;
        JobJar jar = job.jar()
                .orElseThrow(() -> new IllegalStateException(
                        job.getClass().getSimpleName() + " runs on a process cluster but has no jar()"));
        Path file = processes.directory().resolve(name + "-" + submissions + ".conf");
        write(file, settings.applicationFile());
        return processes.submit(
                jar.jar(),
                jar.arguments().apply(file),
                List.of("-p", String.valueOf(parallelism)),
                settings.clientSystemProperties());
    }

    /** What every submission must override: storage on the testkit's store, its S3 access, the restore point. */
    private String requiredOverrides(String restore) {
        return "flink.checkpoint.storage { dir = \"" + checkpointDir() + "\", savepoint-dir = \"" + savepointDir()
                + "\" }\n" + testkit.s3Hocon() + restore;
    }

    /** Waits until every expected record is committed, lets one more checkpoint pass, then checks exactly-once and open transactions. */
    public void verify(JobID submitted) {
        verdict(submitted).assertExactlyOnce();
        topics.assertNoOpenTransactions(name + "-");
    }

    /** Like {@link #verify(JobID)}, but returns the verdict instead of asserting it (for negative controls). */
    public ExactlyOnceVerifier.Verdict<K> verdict(JobID submitted) {
        return topics.verdict(cluster(), submitted);
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
