package io.flinkstarters.testkit.starters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.testkit.ObjectStore;
import java.util.Map;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The starters' storage preflight against a real S3-protocol store: a probe object written and deleted, or a clear error. */
class StoragePreflightITCase {

    private static ObjectStore store;

    @BeforeAll
    static void startStore() {
        store = ObjectStore.start("preflight");
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    private static void starters(String dir, String preflight) {
        FlinkStarters.settings(ConfigLoader.load(
                ConfigFactory.parseString(
                        """
                flink.checkpoint.storage.dir = "%s"
                flink.checkpoint.s3 { endpoint = "%s", path-style-access = true, access-key = "%s", secret-key = "%s" }
                flink.starters.preflight { %s }
                """.formatted(dir, store.endpoint(), store.accessKey(), store.secretKey(), preflight)),
                Map.of()));
    }

    @Test
    void aWritableBucketPassesAndKeepsNoProbe() throws Exception {
        String dir = store.uri("writable/checkpoints");

        starters(dir, "timeout = 10s");

        Path path = new Path(dir);
        FileStatus[] left =
                path.getFileSystem().exists(path) ? path.getFileSystem().listStatus(path) : new FileStatus[0];
        assertThat(left).as("the probe object is deleted again").isEmpty();
    }

    @Test
    void aStoreThatRefusesRequestsIsAClearErrorWithinTheTimeout() {
        String dir = store.uri("refused/checkpoints");

        InvalidConfigurationException e;
        try (ObjectStore.Outage outage = store.outage()) {
            e = catchThrowableOfType(InvalidConfigurationException.class, () -> starters(dir, "timeout = 3s"));
            starters(dir, "enabled = false"); // the same configuration, unchecked, goes through
        }

        assertThat(e).as("rejected before any job is built").isNotNull();
        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("flink.checkpoint.storage.dir");
            assertThat(problem.value()).isEqualTo(dir);
            assertThat(problem.message())
                    .startsWith("is not writable: ")
                    .endsWith("(to submit anyway, set flink.starters.preflight.enabled = false)");
        });
        assertThat(e.getMessage()).doesNotContain(store.secretKey());
    }
}
