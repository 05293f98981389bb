package io.flinkstarters.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {

    @TempDir
    Path dir;

    @Test
    void describeAllListsEveryValueWithItsOriginAndMasksSecrets() {
        ConfigReader reader =
                new ConfigReader(TestConfigs.load(dir, """
                flink.checkpoint.s3 { access-key = AKIAEXAMPLE, secret-key = hunter22 }
                flink.conf { "fs.s3a.secret.key" = also-secret, "pipeline.name" = demo }
                """, Map.of("FLINK_CHECKPOINT_INTERVAL_MS", "5000")));

        List<String> lines = reader.describeAll("flink.checkpoint", "flink.conf");

        assertThat(lines)
                .contains("flink.checkpoint.interval = 5000 (env FLINK_CHECKPOINT_INTERVAL_MS)")
                .contains("flink.checkpoint.s3.secret-key = ****** (" + dir.resolve("application.conf") + ":1)")
                .contains("flink.checkpoint.s3.access-key = ****** (" + dir.resolve("application.conf") + ":1)")
                .contains("flink.conf.\"fs.s3a.secret.key\" = ****** (" + dir.resolve("application.conf") + ":2)")
                .contains("flink.conf.\"pipeline.name\" = demo (" + dir.resolve("application.conf") + ":2)");
        assertThat(lines.get(0)).startsWith("flink.checkpoint.enabled = true (default (reference.conf:");
        assertThat(String.join("\n", lines)).doesNotContain("hunter22", "AKIAEXAMPLE", "also-secret");
    }

    @Test
    void invalidValueFallsBackToTheDefaultSoLaterRulesStaySilent() {
        ConfigReader reader = new ConfigReader(TestConfigs.load(dir, "flink.checkpoint.interval = often\n"));

        assertThat(reader.positiveDuration("flink.checkpoint.interval")).hasSeconds(60);
        assertThat(reader.valid("flink.checkpoint.interval")).isFalse();
        assertThat(reader.problems()).hasSize(1);
    }

    @Test
    void choicesAcceptHoconAndConstantSpelling() {
        ConfigReader reader = new ConfigReader(
                TestConfigs.load(dir, "a = exactly-once\nb = AT_LEAST_ONCE\nc = \" Exactly-Once \"\n"));

        assertThat(reader.choice("a", CheckpointingMode.class).name()).isEqualTo("EXACTLY_ONCE");
        assertThat(reader.choice("b", CheckpointingMode.class).name()).isEqualTo("AT_LEAST_ONCE");
        assertThat(reader.choice("c", CheckpointingMode.class).name()).isEqualTo("EXACTLY_ONCE");
        assertThat(reader.problems()).isEmpty();
    }

    @Test
    void secretToStringIsMasked() {
        assertThat(Secret.of("hunter22")).hasToString(Secret.MASK);
        assertThat(Secret.of("hunter22").reveal()).isEqualTo("hunter22");
        assertThat(Secret.isSecretKey("flink.checkpoint.s3.secret-key")).isTrue();
        assertThat(Secret.isSecretKey("flink.checkpoint.s3.access-key")).isTrue();
        assertThat(Secret.isSecretKey("flink.conf.\"security.ssl.keystore-password\""))
                .isTrue();
        assertThat(Secret.isSecretKey("flink.checkpoint.interval")).isFalse();
    }

    @Test
    void nothingThatMayBeACredentialIsRendered() {
        ConfigReader reader = new ConfigReader(TestConfigs.load(dir, """
                flink.checkpoint.s3.endpoint = "http://user:PLANTED-SECRET@minio:9000"
                flink.conf { "fs.s3a.access.key" = PLANTED-KEY-1, fs.s3a.secret.key = PLANTED-KEY-2, "x.url" = "https://u:PLANTED-PASS@h/" }
                flink.checkpoint.intreval { access-key = PLANTED-KEY-3 }
                """));
        reader.checkUnknownKeys("flink");
        reader.reject("flink.checkpoint.interval", "the storage said: access denied for PLANTED-KEY-1");

        String everything = String.join("\n", reader.describeAll("flink.checkpoint", "flink.conf")) + "\n"
                + reader.problems() + reader.warnings();

        assertThat(everything)
                .doesNotContain("PLANTED")
                .contains("flink.checkpoint.s3.endpoint = http://******@minio:9000 (")
                .contains("flink.conf.\"fs.s3a.access.key\" = ****** (")
                .contains("flink.conf.fs.s3a.secret.key = ****** (")
                .contains("flink.conf.\"x.url\" = https://******@h/ (")
                .contains("access denied for ******")
                .doesNotContain("intreval =");
    }
}
