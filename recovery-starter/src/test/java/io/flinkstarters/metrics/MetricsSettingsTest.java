package io.flinkstarters.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.TestConfigs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsSettingsTest {

    private static final String WITH_DIR = "flink.checkpoint.storage.dir = \"file:///tmp/checkpoints\"\n";

    @TempDir
    Path dir;

    @Test
    void reporterIsOffByDefault() {
        StarterSettings settings = FlinkStarters.settings(TestConfigs.load(dir, WITH_DIR));

        assertThat(settings.metrics().prometheusEnabled()).isFalse();
        assertThat(settings.toConfiguration().toMap()).doesNotContainKey("metrics.reporter.prom.factory.class");
    }

    @Test
    void enabledReporterIsClusterLevelConfiguration() {
        StarterSettings settings = FlinkStarters.settings(TestConfigs.load(
                dir,
                WITH_DIR,
                Map.of("FLINK_METRICS_PROMETHEUS_ENABLED", "true", "FLINK_METRICS_PROMETHEUS_PORT", "9250-9260")));

        assertThat(settings.clusterConfiguration().toMap())
                .containsEntry(
                        "metrics.reporter.prom.factory.class",
                        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                .containsEntry("metrics.reporter.prom.port", "9250-9260");
    }

    @Test
    void badPortIsRejectedWithItsOrigin() {
        assertThatThrownBy(() -> FlinkStarters.settings(TestConfigs.load(
                        dir, WITH_DIR + "flink.metrics.prometheus { enabled = true, port = \"9260-9250\" }\n")))
                .hasMessageContaining("flink.metrics.prometheus.port = 9260-9250 (")
                .hasMessageContaining("application.conf:2): must be a port (1-65535) or a range such as 9250-9260");
    }

    @Test
    void passThroughCannotConfigureTheSameReporter() {
        assertThatThrownBy(() -> FlinkStarters.settings(
                        TestConfigs.load(dir, WITH_DIR + "flink.conf { \"metrics.reporter.prom.port\" = 9999 }\n")))
                .hasMessageContaining("which flink.metrics.prometheus.port already controls");
    }
}
