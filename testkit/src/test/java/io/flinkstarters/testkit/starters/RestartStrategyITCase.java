package io.flinkstarters.testkit.starters;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.TestConfigs;
import io.flinkstarters.testkit.InJvmMiniCluster;
import java.nio.file.Path;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.clusterframework.ApplicationStatus;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recovery starter on a real MiniCluster: the configured restart strategy is the one that runs,
 * counted through the attempt numbers of a failing job. (The starters' ITCases live here, beside the
 * harness that runs them.)
 */
class RestartStrategyITCase {

    @TempDir
    Path dir;

    private JobResult run(String recovery, String run, int failingAttempts) throws Exception {
        StarterSettings settings = FlinkStarters.settings(TestConfigs.load(dir, """
                flink.checkpoint { interval = 1s, retention = none }
                flink.recovery.restart-strategy { %s }
                """.formatted(recovery)));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.toConfiguration());
        FailingJob.build(env, run, failingAttempts);
        try (InJvmMiniCluster cluster = InJvmMiniCluster.builder()
                .configuration(settings.clusterConfiguration())
                .start()) {
            JobID job = cluster.submit(env);
            return cluster.awaitResult(job);
        }
    }

    private static String failure(JobResult result) {
        return result.getSerializedThrowable()
                .map(thrown -> ExceptionUtils.stringifyException(
                        thrown.deserializeError(RestartStrategyITCase.class.getClassLoader())))
                .orElse("(no failure)");
    }

    @Test
    void fixedDelayFailsForGoodAfterItsAttemptsAreUsed() throws Exception {
        JobResult result = run(
                "type = fixed-delay, fixed-delay { attempts = 2, delay = 50ms }", "fixed-always", Integer.MAX_VALUE);

        assertThat(result.getApplicationStatus()).isEqualTo(ApplicationStatus.FAILED);
        assertThat(failure(result)).contains("injected failure on attempt 2");
        assertThat(FailingJob.lastAttempt("fixed-always"))
                .as("attempts 0, 1 and 2 ran, no more")
                .isEqualTo(2);
    }

    @Test
    void fixedDelayRecoversWithinItsAttempts() throws Exception {
        JobResult result = run("type = fixed-delay, fixed-delay { attempts = 2, delay = 50ms }", "fixed-twice", 2);

        assertThat(result.getApplicationStatus()).as(failure(result)).isEqualTo(ApplicationStatus.SUCCEEDED);
        assertThat(FailingJob.lastAttempt("fixed-twice")).isEqualTo(2);
    }

    @Test
    void failureRateFailsWhenFailuresCrowdIntoOneWindow() throws Exception {
        JobResult result = run(
                "type = failure-rate, failure-rate { max-failures = 2, interval = 1m, delay = 50ms }",
                "rate-crowded",
                Integer.MAX_VALUE);

        assertThat(result.getApplicationStatus()).isEqualTo(ApplicationStatus.FAILED);
        assertThat(failure(result)).contains("injected failure on attempt 2");
        assertThat(FailingJob.lastAttempt("rate-crowded")).isEqualTo(2);
    }

    @Test
    void failureRateKeepsRestartingWhenFailuresAreSpreadOutBeyondTheWindow() throws Exception {
        // One failure per 300 ms window is allowed; the 500 ms delay puts every failure in a window of its own.
        JobResult result = run(
                "type = failure-rate, failure-rate { max-failures = 1, interval = 300ms, delay = 500ms }",
                "rate-spread",
                3);

        assertThat(result.getApplicationStatus()).as(failure(result)).isEqualTo(ApplicationStatus.SUCCEEDED);
        assertThat(FailingJob.lastAttempt("rate-spread")).isEqualTo(3);
    }

    @Test
    void noneFailsOnTheFirstFailure() throws Exception {
        JobResult result = run("type = none", "none", Integer.MAX_VALUE);

        assertThat(result.getApplicationStatus()).isEqualTo(ApplicationStatus.FAILED);
        assertThat(FailingJob.lastAttempt("none")).isEqualTo(0);
    }
}
