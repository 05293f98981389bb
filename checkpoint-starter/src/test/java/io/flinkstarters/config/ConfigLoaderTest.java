package io.flinkstarters.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void syntaxErrorNamesFileAndLine() throws Exception {
        Path file = dir.resolve("application.conf");
        Files.writeString(file, "flink.checkpoint {\n  interval = 10s\n  mode = = exactly-once\n}\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("application.conf:3");
    }

    @Test
    void unresolvedSubstitutionNamesFileAndLine() {
        assertThatThrownBy(() -> TestConfigs.load(dir, "flink.checkpoint.storage.dir = ${NO_SUCH_VARIABLE_HERE}\n"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("application.conf:1")
                .hasMessageContaining("NO_SUCH_VARIABLE_HERE");
    }

    @Test
    void applicationSubstitutionsStillWork() {
        Config config = TestConfigs.load(
                dir, "base = \"file:///data\"\nflink.checkpoint.storage.dir = ${base}\"/checkpoints\"\n");

        assertThat(config.getString("flink.checkpoint.storage.dir")).isEqualTo("file:///data/checkpoints");
    }

    @Test
    void environmentValuesCarryTheVariableAsOrigin() {
        Config config = TestConfigs.load(dir, "", Map.of("FLINK_CHECKPOINT_INTERVAL_MS", "15000"));

        ConfigReader reader = new ConfigReader(config);
        assertThat(reader.positiveDuration("flink.checkpoint.interval")).hasSeconds(15);
        assertThat(reader.origin("flink.checkpoint.interval")).isEqualTo("env FLINK_CHECKPOINT_INTERVAL_MS");
        assertThat(reader.origin("flink.checkpoint.timeout")).matches("reference\\.conf:\\d+ \\(default\\)");
    }

    @Test
    void systemPropertiesBeatEnvironmentVariables() {
        System.setProperty("flink.checkpoint.interval", "7s");
        ConfigFactory.invalidateCaches();
        try {
            Config config = TestConfigs.load(dir, "", Map.of("FLINK_CHECKPOINT_INTERVAL_MS", "15000"));

            assertThat(config.getDuration("flink.checkpoint.interval")).hasSeconds(7);
        } finally {
            System.clearProperty("flink.checkpoint.interval");
            ConfigFactory.invalidateCaches();
        }
    }

    @Test
    void unrelatedEnvironmentVariablesAreIgnored() {
        Config config = TestConfigs.load(dir, "", Map.of("PATH", "/usr/bin", "FLINK_SOMETHING_ELSE", "x"));

        assertThat(config.getDuration("flink.checkpoint.interval")).hasSeconds(60);
    }
}
