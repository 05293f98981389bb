package io.flinkstarters.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.ConfigLoader;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MiniCluster's observation and fault calls, on a rate-limited job (no Kafka needed). */
class InJvmMiniClusterITCase {

    private static InJvmMiniCluster cluster;

    @BeforeAll
    static void start() {
        cluster = InJvmMiniCluster.builder()
                .taskManagers(2)
                .slotsPerTaskManager(1)
                .timeout(Duration.ofSeconds(60))
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    /** A test that failed half-way must not leave its job holding the slots the next test needs. */
    @AfterEach
    void cancelLeftoverJobs() {
        cluster.cancelRunningJobs();
    }

    private static JobID submit(OperatorFailure failure) {
        return submit(failure, "type = fixed-delay, fixed-delay { attempts = 5, delay = 100ms }");
    }

    private static JobID submit(OperatorFailure failure, String restartStrategy) {
        StarterSettings settings = FlinkStarters.settings(
                ConfigLoader.load(ConfigFactory.parseString("""
                flink.checkpoint { interval = 200ms, min-pause = 50ms, retention = none, state-backend.type = hashmap }
                flink.recovery.restart-strategy { %s }
                """.formatted(restartStrategy)), Map.of()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.toConfiguration());
        env.setParallelism(2);
        DataStream<Long> numbers = env.fromSource(
                new DataGeneratorSource<>(n -> n, Long.MAX_VALUE, RateLimiterStrategy.perSecond(200), Types.LONG),
                WatermarkStrategy.noWatermarks(),
                "numbers");
        failure.applyTo(numbers).sinkTo(new DiscardingSink<>());
        return cluster.submit(env);
    }

    @Test
    void operatorFailureFiresOnceAfterTheCheckpointAndTheJobRecovers() {
        // tag::operator-failure[]
        OperatorFailure failure = OperatorFailure.afterRecords(20).afterCheckpoint(2);
        JobID job = submit(failure);

        cluster.awaitRestarts(job, 1);
        cluster.awaitAllTasksRunning(job);
        CheckpointStats stats = cluster.awaitNextCheckpoint(job);
        // end::operator-failure[]

        assertThat(failure.injected()).isEqualTo(1);
        assertThat(cluster.restarts(job)).isEqualTo(1);
        assertThat(stats.completed()).isGreaterThanOrEqualTo(3);
        assertThat(stats.lastDurationMillis()).isNotNegative();
        cluster.cancel(job);
        assertThat(cluster.status(job)).isEqualTo(JobStatus.CANCELED);
    }

    @Test
    void noFailureMeansNoRestart() {
        OperatorFailure failure = OperatorFailure.none();
        JobID job = submit(failure);
        cluster.awaitCompletedCheckpoints(job, 3);

        assertThat(failure.injected()).isZero();
        assertThat(cluster.restarts(job)).isZero();
        cluster.cancel(job);
    }

    @Test
    void losingATaskManagerRestartsTheJobOnTheReplacement() {
        JobID job = submit(OperatorFailure.none());
        cluster.awaitAllTasksRunning(job);
        cluster.awaitCompletedCheckpoints(job, 1);
        int lost = cluster.liveTaskManagers().get(0);

        Loss loss = cluster.replaceTaskManager(lost);

        assertThat(loss.component()).isEqualTo("taskmanager-" + lost);
        assertThat(cluster.liveTaskManagers()).hasSize(2).doesNotContain(lost);
        assertThat(cluster.registeredTaskManagers()).isEqualTo(2);
        cluster.awaitRestarts(job, 1);
        cluster.awaitAllTasksRunning(job);
        cluster.awaitNextCheckpoint(job);
        cluster.cancel(job);
    }

    @Test
    void losingTheJobMasterLeadershipRestoresTheJobFromItsLatestCheckpoint() {
        JobID job = submit(OperatorFailure.none());
        cluster.awaitAllTasksRunning(job);
        long completed = cluster.awaitCompletedCheckpoints(job, 2).completed();

        Loss loss = cluster.loseJobManager();
        Await.until(
                "job " + job + " to stop running without a leading JobMaster",
                () -> cluster.status(job) != JobStatus.RUNNING,
                cluster.timeout());
        cluster.startJobManager();

        cluster.awaitAllTasksRunning(job);
        assertThat(loss.component()).isEqualTo("jobmanager");
        assertThat(cluster.highAvailability()).isTrue();
        assertThat(Await.until(
                        "job " + job + " to restore a checkpoint",
                        () -> cluster.restoredCheckpointId(job),
                        restored -> restored.isPresent(),
                        cluster.timeout()))
                .hasValueSatisfying(id -> assertThat(id).isGreaterThanOrEqualTo(completed));
        cluster.awaitNextCheckpoint(job);
        cluster.cancel(job);
    }

    @Test
    void aJobThatFailsForGoodEndsAWaitAtOnceWithItsFailure() {
        JobID job = submit(OperatorFailure.afterRecords(5), "type = none");

        assertThatThrownBy(() -> cluster.awaitCompletedCheckpoints(job, 1_000))
                .isInstanceOf(JobFailedError.class)
                .hasMessageContaining("FAILED for good after 1 failure(s)")
                .hasMessageContaining("Recovery is suppressed by NoRestartBackoffTimeStrategy")
                .hasMessageContaining(
                        "root cause: io.flinkstarters.testkit.OperatorFailure$InjectedFailure: Injected failure after 5 records");
        assertThat(cluster.status(job)).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void aTimedOutWaitSaysWhatItAwaitedAndWhatItSaw() {
        assertThatThrownBy(() -> Await.until("the answer", () -> 41, answer -> answer == 42, Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Timed out after 200 ms waiting for the answer; last seen: 41");
    }

    @Test
    void seededFailuresAreReproducible() {
        assertThat(OperatorFailure.seeded(7, 100, 200).records())
                .isEqualTo(OperatorFailure.seeded(7, 100, 200).records())
                .isBetween(100L, 200L);
    }
}
