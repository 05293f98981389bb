package io.flinkstarters.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.checkpoint.CheckpointSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlinkConfPassThroughTest {

    @TempDir
    Path dir;

    private ConfigReader reader(String hocon) {
        return new ConfigReader(TestConfigs.load(dir, hocon));
    }

    @Test
    void quotedAndNestedKeysBothPassThrough() {
        ConfigReader reader = reader("""
                flink.conf {
                  "pipeline.max-parallelism" = 128
                  taskmanager.numberOfTaskSlots = 2
                  pipeline.jar-list = [a.jar, b.jar]
                }
                """);

        Map<String, String> raw = FlinkConfPassThrough.read(reader, CheckpointSettings.TABLE);

        assertThat(raw)
                .containsOnly(
                        Map.entry("pipeline.max-parallelism", "128"),
                        Map.entry("taskmanager.numberOfTaskSlots", "2"),
                        Map.entry("pipeline.jar-list", "a.jar;b.jar"));
        assertThat(reader.problems()).isEmpty();
    }

    @Test
    void modeledOptionIsRejectedWithItsOwner() {
        ConfigReader reader = reader("flink.conf { \"execution.checkpointing.interval\" = 5s }\n");

        Map<String, String> raw = FlinkConfPassThrough.read(reader, CheckpointSettings.TABLE);

        assertThat(raw).isEmpty();
        assertThat(reader.problems())
                .singleElement()
                .asString()
                .startsWith("flink.conf.\"execution.checkpointing.interval\" = 5s (")
                .endsWith(
                        "sets the Flink option execution.checkpointing.interval, which flink.checkpoint.interval already controls; set it there, in one place");
    }

    @Test
    void deprecatedAliasOfAModeledOptionIsRejectedToo() {
        ConfigReader reader = reader("flink.conf { state.checkpoints.dir = \"file:///elsewhere\" }\n");

        FlinkConfPassThrough.read(reader, CheckpointSettings.TABLE);

        assertThat(reader.problems())
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("state.checkpoints.dir", "flink.checkpoint.storage.dir");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "s3.access.key",
                "s3a.access-key",
                "fs.s3a.access.key",
                "fs.s3a.secret-key",
                "s3.path-style-access"
            })
    void everySpellingOfAnS3SettingTheStarterModelsIsRejectedAndMasked(String flinkKey) {
        String value = Secret.isSecretKey(flinkKey) ? "PLANTED-SECRET" : "true";
        ConfigReader reader = reader("flink.conf { \"" + flinkKey + "\" = " + value + " }\n");

        FlinkConfPassThrough.read(reader, CheckpointSettings.TABLE);

        assertThat(reader.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.message()).contains("which flink.checkpoint.s3.");
            assertThat(problem.toString()).doesNotContain("PLANTED-SECRET");
        });
    }

    @Test
    void aValueFlinkCannotReadForItsOptionIsRejectedAtLoad() {
        ConfigReader reader = reader(
                "flink.conf { \"pipeline.max-parallelism\" = many, \"pipeline.auto-watermark-interval\" = soon }\n");

        FlinkConfPassThrough.read(reader, CheckpointSettings.TABLE);

        assertThat(reader.problems())
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder(
                        "flink.conf.\"pipeline.max-parallelism\" = many (" + dir.resolve("application.conf")
                                + ":1): must be a whole number: Flink reads it as its option pipeline.max-parallelism"
                                + " and would refuse the job otherwise",
                        "flink.conf.\"pipeline.auto-watermark-interval\" = soon (" + dir.resolve("application.conf")
                                + ":1): must be a duration such as 30 s, 500 ms or 1 min: Flink reads it as its option"
                                + " pipeline.auto-watermark-interval and would refuse the job otherwise");
    }

    @Test
    void anUnknownKeyATypoAwayFromAFlinkOptionIsATypoOthersAWarning() {
        ConfigReader reader = reader("""
                flink.conf {
                  "pipeline.max-paralelism" = 128
                  "my.own.option" = x
                  "s3.connection.maximum" = 20
                }
                """);

        Map<String, String> raw = FlinkConfPassThrough.read(reader, CheckpointSettings.TABLE);

        assertThat(reader.problems())
                .singleElement()
                .hasToString("flink.conf.\"pipeline.max-paralelism\" (" + dir.resolve("application.conf")
                        + ":2): is not an option Flink knows; did you mean flink.conf.\"pipeline.max-parallelism\"?");
        assertThat(reader.warnings())
                .singleElement()
                .extracting(Problem::key)
                .isEqualTo("flink.conf.\"my.own.option\"");
        assertThat(raw).containsKeys("my.own.option", "s3.connection.maximum");
    }
}
