package io.flinkstarters.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.TestConfigs;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HighAvailabilitySettingsTest {

    private static final String WITH_DIR =
            "flink.checkpoint.storage.dir = \"file:///tmp/checkpoints\"\nflink.starters.preflight.enabled = false\n";

    @TempDir
    Path dir;

    private StarterSettings settings(String hocon, Map<String, String> environment) {
        return FlinkStarters.settings(TestConfigs.load(dir, WITH_DIR + hocon, environment));
    }

    private String problems(String hocon) {
        try {
            settings(hocon, Map.of());
        } catch (InvalidConfigurationException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the configuration to be rejected:\n" + hocon);
    }

    @Test
    void offByDefaultAndThenSetsNoFlinkOption() {
        StarterSettings settings = settings("", Map.of());

        assertThat(settings.highAvailability().type()).isEqualTo(HighAvailabilityType.NONE);
        assertThat(settings.clusterConfiguration().toMap()).doesNotContainKey(HighAvailabilityOptions.HA_MODE.key());
    }

    @Test
    void zooKeeperHighAvailabilityIsClusterLevelConfiguration() {
        StarterSettings settings = settings("""
                flink.recovery.high-availability {
                  type = zookeeper
                  storage-dir = "s3://flink/ha"
                  cluster-id = /health-consumer
                  zookeeper.quorum = "zk-1:2181,zk-2:2181"
                }
                """, Map.of());

        Configuration cluster = settings.clusterConfiguration();
        assertThat(cluster.get(HighAvailabilityOptions.HA_MODE)).isEqualTo("zookeeper");
        assertThat(cluster.get(HighAvailabilityOptions.HA_STORAGE_PATH)).isEqualTo("s3://flink/ha");
        assertThat(cluster.get(HighAvailabilityOptions.HA_CLUSTER_ID)).isEqualTo("/health-consumer");
        assertThat(cluster.get(HighAvailabilityOptions.HA_ZOOKEEPER_QUORUM)).isEqualTo("zk-1:2181,zk-2:2181");
        assertThat(cluster.get(HighAvailabilityOptions.HA_ZOOKEEPER_ROOT)).isEqualTo("/flink");
        assertThat(HighAvailabilitySettings.TABLE.clusterOptions().stream().map(option -> option.key()))
                .containsAll(settings.highAvailability().toConfiguration().keySet());
    }

    @Test
    void environmentVariablesChooseIt() {
        StarterSettings settings = settings(
                "",
                Map.of(
                        "FLINK_HA_TYPE", "zookeeper",
                        "FLINK_HA_STORAGE_DIR", "s3://flink/ha",
                        "FLINK_HA_ZOOKEEPER_QUORUM", "zk:2181"));

        assertThat(settings.highAvailability().type()).isEqualTo(HighAvailabilityType.ZOOKEEPER);
        assertThat(settings.highAvailability().zookeeperQuorum()).hasValue("zk:2181");
    }

    @Test
    void everyMissingOrMalformedPieceIsNamedAtOnce() {
        String problems = problems("flink.recovery.high-availability { type = zookeeper }");

        assertThat(problems)
                .contains("flink.recovery.high-availability.storage-dir")
                .contains("is required with flink.recovery.high-availability.type = zookeeper")
                .contains("flink.recovery.high-availability.zookeeper.quorum")
                .contains("(env FLINK_HA_ZOOKEEPER_QUORUM)");
        assertThat(problems("""
                        flink.recovery.high-availability {
                          type = zookeeper, storage-dir = "/no/scheme", zookeeper.quorum = "zk-1, zk-2"
                        }
                        """))
                .contains("must be a URI with a scheme")
                .contains("must be host:port pairs separated by commas");
        assertThat(problems("flink.recovery.high-availability.type = zookeepr"))
                .contains("flink.recovery.high-availability.type")
                .contains("zookeepr");
    }

    @Test
    void kubernetesNeedsOnlyTheStorageAndAQuorumForItIsIgnoredWithAWarning() {
        StarterSettings settings = settings("""
                flink.recovery.high-availability { type = kubernetes, storage-dir = "s3://flink/ha", zookeeper.quorum = "zk:2181" }
                """, Map.of());

        assertThat(settings.clusterConfiguration().get(HighAvailabilityOptions.HA_MODE))
                .isEqualTo("kubernetes");
        assertThat(settings.clusterConfiguration().toMap())
                .doesNotContainKey(HighAvailabilityOptions.HA_ZOOKEEPER_QUORUM.key());
    }

    @Test
    void flinksOwnKeysArePointedToTheBlock() {
        assertThat(problems("flink.conf { \"high-availability.type\" = zookeeper }"))
                .contains("flink.recovery.high-availability.type");
    }
}
