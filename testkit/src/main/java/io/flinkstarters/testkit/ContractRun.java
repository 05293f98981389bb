package io.flinkstarters.testkit;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.ConfigLoader;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a {@link ContractJob} in a {@link Testkit}: its own topics, the expected output, job
 * submissions configured through the starters (exactly-once checkpoints every 500 ms on the
 * testkit's S3 store, fixed-delay restarts), and the exactly-once check at the end.
 */
@PublicEvolving
public final class ContractRun<K> {

    private static final Logger LOG = LoggerFactory.getLogger(ContractRun.class);

    /** {@code flink.recovery.restore} for a fresh start. */
    public static final String NO_RESTORE = "flink.recovery.restore.from = none\n";
    /** {@code flink.recovery.restore} for a redeploy from the newest retained checkpoint. */
    public static final String RESTORE_LATEST_RETAINED = "flink.recovery.restore.from = latest-retained\n";

    /** {@code flink.recovery.restore} for a start from a given checkpoint or savepoint. */
    public static String restoreFromPath(String snapshot) {
        return "flink.recovery.restore { from = path, path = \"" + snapshot + "\" }\n";
    }

    private final Testkit testkit;
    private final ContractJob<K> job;
    private final String name;
    private final OperatorFailure failure;
    private final ContractTopics<K> topics;

    /** Creates the run's topics. {@code name} must be unique within the testkit (it names topics and storage paths). */
    public ContractRun(Testkit testkit, ContractJob<K> job, String name, OperatorFailure failure) {
        this.testkit = testkit;
        this.job = job;
        this.name = name;
        this.failure = failure;
        this.topics = new ContractTopics<>(testkit.kafka(), job, name);
    }

    public OperatorFailure failure() {
        return failure;
    }

    public InJvmMiniCluster cluster() {
        return testkit.miniCluster();
    }

    /** Where this run's savepoints go. */
    public String savepointDir() {
        return testkit.objectStore().uri(name + "/savepoints");
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
     * Strikes with {@code fault} (which must let input flow again, e.g. produce the second phase) and
     * measures the job's recovery; logs it and returns it.
     */
    public RecoveryTime measureRecovery(JobID submitted, Runnable fault) {
        RecoveryTime recovery = RecoveryTime.measure(cluster(), submitted, fault, topics::committedCount);
        LOG.info(
                "{}: running again after {} ms, first committed output after {} ms",
                name,
                recovery.toRunning().toMillis(),
                recovery.toFirstOutput().toMillis());
        return recovery;
    }

    /**
     * The starters' HOCON of every contract run: exactly-once checkpoints every 500 ms into
     * {@code checkpointDir}, one tolerable checkpoint failure, and fixed-delay restarts that keep
     * trying for 15 s, as long as the default heartbeat timeout (so restarts onto a lost TaskManager
     * cannot use them up before it is noticed).
     */
    public static String startersConfig(String checkpointDir, String savepointDir) {
        return """
                flink.checkpoint {
                  interval = 500ms
                  min-pause = 100ms
                  timeout = 10s
                  tolerable-failures = 1
                  storage.dir = "%s"
                  storage.savepoint-dir = "%s"
                }
                flink.recovery.restart-strategy { type = fixed-delay, fixed-delay { attempts = 30, delay = 500ms } }
                """.formatted(checkpointDir, savepointDir);
    }

    /** Submits the job; {@code restore} is the {@code flink.recovery.restore} HOCON for this submission. */
    public JobID submit(String restore, int version) {
        StarterSettings settings = FlinkStarters.settings(ConfigLoader.load(
                ConfigFactory.parseString(
                        startersConfig(testkit.objectStore().uri(name + "/checkpoints"), savepointDir())
                                + restore
                                + testkit.s3Hocon()
                                + job.applicationConfig()),
                Map.of()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.toConfiguration());
        env.setParallelism(job.parallelism());
        job.buildJob(
                env,
                new ContractContext(
                        testkit.kafka().bootstrapServers(),
                        topics.inputTopic(),
                        topics.outputTopic(),
                        name,
                        Duration.ofMinutes(5),
                        failure,
                        version));
        return cluster().submit(env);
    }

    /** Waits until every expected record is committed, lets one more checkpoint pass, then checks exactly-once. */
    public void verify(JobID submitted) {
        verdict(submitted).assertExactlyOnce();
    }

    /** Like {@link #verify(JobID)}, but returns the verdict instead of asserting it (for negative controls). */
    public ExactlyOnceVerifier.Verdict<K> verdict(JobID submitted) {
        return topics.verdict(cluster(), submitted);
    }
}
