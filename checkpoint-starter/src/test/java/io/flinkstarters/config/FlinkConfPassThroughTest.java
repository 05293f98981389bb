package io.flinkstarters.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.checkpoint.CheckpointSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
