package io.flinkstarters.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.Problem;
import io.flinkstarters.config.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthJobStartupTest {

    @TempDir
    Path dir;

    /** Configuration checks only: the preflight against storage and Kafka is KafkaPreflightITCase's. */
    private String storage() {
        return "flink.checkpoint.storage.dir = \"" + dir.resolve("checkpoints").toUri()
                + "\"\nflink.starters.preflight.enabled = false\n";
    }

    @Test
    void loadsBothStartersAndTheJob() {
        HealthJobStartup startup =
                HealthJobStartup.load(TestConfigs.load(dir, storage() + "health.window.size = 5m\n"));

        assertThat(startup.health().window().size()).isEqualTo(Duration.ofMinutes(5));
        assertThat(startup.starters().toConfiguration().get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theEffectiveSettingsDescribeTheJobsSectionToo() {
        HealthJobStartup startup =
                HealthJobStartup.load(TestConfigs.load(dir, storage() + "health.window.size = 5m\n"));

        assertThat(startup.starters().describe())
                .contains("flink.checkpoint.interval = 60s")
                .contains("health.window.size = 5m (" + dir.resolve("application.conf") + ":3)");
    }

    @Test
    void oneExceptionListsTheStartersAndTheJobsProblems() {
        InvalidConfigurationException e = catchThrowableOfType(
                InvalidConfigurationException.class, () -> HealthJobStartup.load(TestConfigs.load(dir, """
                        flink.checkpoint.interval = -5s
                        flink.recovery.restart-strategy.fixed-delay.attempts = -1
                        flink.checkpoint.intreval = 5s
                        health.window.size = -1m
                        health.kafka.transactional-id-prefix = null
                        """)));

        assertThat(e.problems())
                .extracting(Problem::key)
                .containsExactlyInAnyOrder(
                        "flink.checkpoint.interval",
                        "flink.recovery.restart-strategy.fixed-delay.attempts",
                        "flink.checkpoint.intreval",
                        "flink.checkpoint.storage.dir",
                        "health.window.size",
                        "health.kafka.transactional-id-prefix");
    }
}
