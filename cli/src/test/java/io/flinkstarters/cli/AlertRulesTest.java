package io.flinkstarters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.cli.internal.AlertRules;
import io.flinkstarters.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rendered alert thresholds: the window formula, and docs/monitoring/rendered-example.yml (which
 * alerts_test.yml's promtool tests load) equal to what the command renders from example-settings.conf.
 * Run with {@code -Ddocs.update=true} to rewrite the file from the renderer.
 */
class AlertRulesTest {

    private static final Path MONITORING = Path.of("..", "docs", "monitoring");

    private static CheckpointSettings checkpoint(String hocon) {
        return FlinkStarters.settings(ConfigLoader.load(
                        ConfigFactory.parseString(hocon
                                + "\nflink.checkpoint.storage.dir = \"file:///tmp/unused\"\n"
                                + "flink.starters.preflight.enabled = false\n"),
                        Map.of()))
                .checkpoint();
    }

    @Test
    void theWindowIsTheLongerOfIntervalAndTimeoutTimesTolerableFailuresPlusTwo() {
        assertThat(AlertRules.checkpointWindow(checkpoint("")))
                .as("the defaults: max(60s, 10m) x (3 + 2)")
                .isEqualTo(Duration.ofMinutes(50));
        assertThat(AlertRules.checkpointWindow(
                        checkpoint("flink.checkpoint { interval = 20m, timeout = 5m, tolerable-failures = 0 }")))
                .isEqualTo(Duration.ofMinutes(40));
    }

    @Test
    void theRenderedExampleThatThePromtoolTestsLoadIsWhatTheCommandRenders() throws IOException {
        StartersCliITCase.Run run = StartersCliITCase.cli(
                "alerts",
                "--config",
                MONITORING.resolve("example-settings.conf").toString(),
                "--job-name",
                "health-consumer,orders,never,restarting");
        Path file = MONITORING.resolve("rendered-example.yml");
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(file, run.out());
        }

        assertThat(run.exit()).as(run.err()).isEqualTo(StartersCli.VALID);
        assertThat(Files.readString(file))
                .as("docs/monitoring/rendered-example.yml (run with -Ddocs.update=true to refresh)")
                .isEqualTo(run.out());
    }
}
