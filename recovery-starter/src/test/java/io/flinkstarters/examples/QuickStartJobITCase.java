package io.flinkstarters.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.config.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.JobExecutionResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's example the way a user would: an application.conf named by -Dconfig.file. */
class QuickStartJobITCase {

    @TempDir
    Path dir;

    private void useApplicationConf(String hocon) throws Exception {
        Path file = Files.writeString(dir.resolve("application.conf"), hocon);
        System.setProperty("config.file", file.toString());
        ConfigFactory.invalidateCaches();
    }

    @AfterEach
    void forgetApplicationConf() {
        System.clearProperty("config.file");
        ConfigFactory.invalidateCaches();
    }

    @Test
    void readmeExampleRunsWithTheReadmeConfiguration() throws Exception {
        useApplicationConf(Files.readString(Path.of("src/test/resources/examples/quick-start.conf"))
                .replace(
                        "s3://my-bucket/checkpoints",
                        dir.resolve("checkpoints").toUri().toString()));

        JobExecutionResult result = QuickStartJob.run();

        assertThat(result.getJobExecutionResult().getJobID()).isNotNull();
    }

    @Test
    void readmeExampleFailsBeforeStartingOnABadValue() throws Exception {
        useApplicationConf("flink.checkpoint { storage.dir = \"" + dir.toUri() + "\", interval = 0s }\n");

        assertThatThrownBy(QuickStartJob::run)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("flink.checkpoint.interval = 0s")
                .hasMessageContaining("application.conf:1");
    }
}
