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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        assertThat(reader.origin("flink.checkpoint.timeout")).matches("default \\(reference\\.conf:\\d+\\)");
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

    @Test
    void aSyntaxErrorNeverQuotesWhatMayBeASecret() {
        assertThatThrownBy(() -> TestConfigs.load(dir, "flink.checkpoint.s3 {\n  secret-key = PLANTED-SECRET }}\n"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("application.conf:2")
                .message()
                .doesNotContain("PLANTED-SECRET");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "FLINK_CHECKPOINT_INTERVAL | FLINK_CHECKPOINT_INTERVAL_MS (flink.checkpoint.interval, in milliseconds)",
                "FLINK_CHECKPOINT_INTERVALL_MS | FLINK_CHECKPOINT_INTERVAL_MS (flink.checkpoint.interval, in milliseconds)",
                "FLINK_S3_SECRET_KEYS | FLINK_S3_SECRET_KEY (flink.checkpoint.s3.secret-key)",
            })
    void environmentVariablesThatLookLikeBoundOnesAreTypos(String variable, String meant) {
        ConfigReader reader = new ConfigReader(
                TestConfigs.load(dir, "", Map.of(variable, "PLANTED-SECRET", "FLINK_HOME", "/opt/flink")));
        reader.checkUnknownKeys("flink");

        assertThat(reader.problems())
                .singleElement()
                .hasToString("env " + variable + ": is not a variable the starters read; did you mean " + meant + "?");
    }

    @Test
    void originsHaveOneShapeWhereverTheValueCameFrom() {
        Config config = ConfigLoader.load(
                ConfigFactory.parseString("flink.checkpoint {\n  interval = 5s\n}\n"),
                Map.of("FLINK_CHECKPOINT_TIMEOUT_MS", "60000"));
        ConfigReader reader = new ConfigReader(config);

        assertThat(reader.origin("flink.checkpoint.interval")).isEqualTo("in code, line 2");
        assertThat(reader.origin("flink.checkpoint.timeout")).isEqualTo("env FLINK_CHECKPOINT_TIMEOUT_MS");
        assertThat(reader.origin("flink.checkpoint.mode")).matches("default \\(reference\\.conf:\\d+\\)");
        assertThat(new ConfigReader(TestConfigs.load(dir, "\nflink.checkpoint.mode = at-least-once\n"))
                        .origin("flink.checkpoint.mode"))
                .isEqualTo(dir.resolve("application.conf") + ":2");
    }

    @Test
    void aSystemPropertyIsNamedAsTheFlagThatSetIt() {
        System.setProperty("flink.checkpoint.interval", "7s");
        ConfigFactory.invalidateCaches();
        try {
            ConfigReader reader = new ConfigReader(TestConfigs.load(dir, ""));

            assertThat(reader.origin("flink.checkpoint.interval")).isEqualTo("-Dflink.checkpoint.interval");
        } finally {
            System.clearProperty("flink.checkpoint.interval");
            ConfigFactory.invalidateCaches();
        }
    }
}
