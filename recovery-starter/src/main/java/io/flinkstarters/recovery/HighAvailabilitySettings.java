package io.flinkstarters.recovery;

import static io.flinkstarters.config.SettingType.choice;
import static io.flinkstarters.config.SettingType.optionalString;
import static io.flinkstarters.config.SettingType.requiredString;

import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.Setting;
import io.flinkstarters.config.SettingValues;
import io.flinkstarters.config.SettingsTable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;

/**
 * The validated {@code flink.recovery.high-availability} settings: whether a lost JobManager's jobs are
 * recovered by a successor (elected in ZooKeeper or Kubernetes), and where the JobManagers keep what a
 * successor needs (job graphs and checkpoint metadata). Cluster-level: Flink reads them from the
 * cluster's configuration only, so they are part of {@code StarterSettings.clusterConfiguration()}.
 *
 * @param values every {@code flink.recovery.high-availability} value, as read by {@link #TABLE}
 */
@PublicEvolving
public record HighAvailabilitySettings(SettingValues values) {

    public static final String PREFIX = "flink.recovery.high-availability";

    private static final Pattern QUORUM = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");

    public static final Setting<HighAvailabilityType> TYPE = Setting.of(
                    PREFIX + ".type", choice(HighAvailabilityType.class))
            .writes(
                    HighAvailabilityOptions.HA_MODE,
                    type -> type == HighAvailabilityType.NONE ? null : type.flinkName())
            .clusterLevel();
    public static final Setting<Optional<String>> STORAGE_DIR = Setting.of(
                    PREFIX + ".storage-dir",
                    optionalString()
                            .where(
                                    dir -> dir.map(HighAvailabilitySettings::hasScheme)
                                            .orElse(true),
                                    "must be a URI with a scheme, such as s3://bucket/ha or file:///shared/ha"))
            .writes(HighAvailabilityOptions.HA_STORAGE_PATH, dir -> dir.orElse(null))
            .clusterLevel()
            .onlyWhen(TYPE, HighAvailabilityType.ZOOKEEPER, HighAvailabilityType.KUBERNETES);
    public static final Setting<Optional<String>> CLUSTER_ID = Setting.of(PREFIX + ".cluster-id", optionalString())
            .writes(HighAvailabilityOptions.HA_CLUSTER_ID, id -> id.orElse(null))
            .clusterLevel()
            .onlyWhen(TYPE, HighAvailabilityType.ZOOKEEPER, HighAvailabilityType.KUBERNETES);
    public static final Setting<Optional<String>> ZOOKEEPER_QUORUM = Setting.of(
                    PREFIX + ".zookeeper.quorum",
                    optionalString()
                            .where(
                                    quorum -> quorum.map(q -> QUORUM.matcher(q).matches())
                                            .orElse(true),
                                    "must be host:port pairs separated by commas, e.g. zk-1:2181,zk-2:2181"))
            .writes(HighAvailabilityOptions.HA_ZOOKEEPER_QUORUM, quorum -> quorum.orElse(null))
            .clusterLevel()
            .onlyWhen(TYPE, HighAvailabilityType.ZOOKEEPER);
    public static final Setting<String> ZOOKEEPER_ROOT_PATH = Setting.of(
                    PREFIX + ".zookeeper.root-path", requiredString())
            .writes(HighAvailabilityOptions.HA_ZOOKEEPER_ROOT)
            .clusterLevel()
            .onlyWhen(TYPE, HighAvailabilityType.ZOOKEEPER);

    /** Every {@code flink.recovery.high-availability} key, the Flink option it feeds and how. */
    @Internal
    public static final SettingsTable TABLE =
            SettingsTable.of(TYPE, STORAGE_DIR, CLUSTER_ID, ZOOKEEPER_QUORUM, ZOOKEEPER_ROOT_PATH);

    /**
     * Reads {@code flink.recovery.high-availability}, recording problems in the reader: every type but
     * {@code none} needs a storage directory, {@code zookeeper} a quorum; keys the chosen type does not
     * read are warned about.
     */
    public static HighAvailabilitySettings read(ConfigReader reader) {
        HighAvailabilitySettings settings = new HighAvailabilitySettings(TABLE.read(reader));
        settings.checkRequired(reader);
        TABLE.warnIgnored(reader, settings.values());
        return settings;
    }

    private void checkRequired(ConfigReader reader) {
        if (!reader.valid(TYPE) || type() == HighAvailabilityType.NONE) {
            return;
        }
        if (storageDir().isEmpty() && reader.valid(STORAGE_DIR)) {
            reader.reject(
                    STORAGE_DIR,
                    "is required with " + TYPE + " = " + type().flinkName()
                            + ": a directory every JobManager can reach, such as s3://bucket/ha (env FLINK_HA_STORAGE_DIR)");
        }
        if (type() == HighAvailabilityType.ZOOKEEPER && zookeeperQuorum().isEmpty() && reader.valid(ZOOKEEPER_QUORUM)) {
            reader.reject(
                    ZOOKEEPER_QUORUM,
                    "is required with " + TYPE + " = zookeeper: host:port of each ZooKeeper server, comma-separated"
                            + " (env FLINK_HA_ZOOKEEPER_QUORUM)");
        }
    }

    private static boolean hasScheme(String dir) {
        try {
            return new URI(dir).getScheme() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    public HighAvailabilityType type() {
        return values.get(TYPE);
    }

    /** Where job graphs and checkpoint metadata go, e.g. {@code s3://bucket/ha}. */
    public Optional<String> storageDir() {
        return values.get(STORAGE_DIR);
    }

    /** Separates this cluster's data from other clusters' on the same ZooKeeper and storage. */
    public Optional<String> clusterId() {
        return values.get(CLUSTER_ID);
    }

    /** {@code host:port,...} of the ZooKeeper ensemble. */
    public Optional<String> zookeeperQuorum() {
        return values.get(ZOOKEEPER_QUORUM);
    }

    public String zookeeperRootPath() {
        return values.get(ZOOKEEPER_ROOT_PATH);
    }

    /** Flink's options for these settings (none for type {@code none}, which is Flink's default). */
    public Configuration toConfiguration() {
        Configuration configuration = new Configuration();
        TABLE.write(values, configuration);
        return configuration;
    }
}
