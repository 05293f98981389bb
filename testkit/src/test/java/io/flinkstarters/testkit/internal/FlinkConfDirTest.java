package io.flinkstarters.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkConfDirTest {

    @TempDir
    Path dir;

    @Test
    void flinkReadsBackEveryValueAsWritten() {
        Map<String, String> written = Map.of(
                "heartbeat.interval", "500 ms",
                "s3.endpoint", "http://127.0.0.1:9000",
                "taskmanager.numberOfTaskSlots", "2",
                "weird.value", "it's: [not] a {list}, # nor a comment");

        Configuration read = GlobalConfiguration.loadConfiguration(
                FlinkConfDir.write(dir, written).toString());

        assertThat(read.toMap()).containsAllEntriesOf(written);
        assertThat(dir.resolve(FlinkConfDir.LOG4J_FILE)).content().contains("${sys:log.file}");
    }
}
