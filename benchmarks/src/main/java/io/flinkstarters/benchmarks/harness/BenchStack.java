package io.flinkstarters.benchmarks.harness;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.benchmarks.report.Progress;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.testkit.InJvmMiniCluster;
import io.flinkstarters.testkit.KafkaBroker;
import io.flinkstarters.testkit.ObjectStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.fs.FileSystem;

/**
 * The real parts one benchmark run measures on, started once and shared by all its configurations:
 * the testkit's S3-protocol store (checkpoint storage), Kafka broker and MiniCluster (2 TaskManagers x
 * 2 slots, a Flink distribution's managed memory per slot), the cluster configured with
 * {@link StarterSettings#clusterConfiguration()} of the shipped defaults, so the cluster-level settings
 * we ship are the ones measured.
 *
 * <p>It starts the three parts itself rather than through {@code Testkit}, because the CPU meter must
 * tell the services' threads from Flink's: the services start first, their threads are recorded, and
 * only then does the cluster start ({@link CpuMeter}).
 */
public final class BenchStack implements AutoCloseable {

    public static final int TASK_MANAGERS = 2;
    public static final int SLOTS_PER_TASK_MANAGER = 2;
    /** Job parallelism: one per core of the 2-core machine these figures are published for. */
    public static final int PARALLELISM = 2;

    private static final String BUCKET = "bench";
    public static final MemorySize MANAGED_MEMORY_PER_SLOT = MemorySize.ofMebiBytes(512);

    private final ObjectStore objectStore;
    private final KafkaBroker kafka;
    private final InJvmMiniCluster cluster;
    private final CpuMeter cpu;
    private final Configuration clusterConfiguration;
    private final Map<String, FilledTopic> topics = new HashMap<>();

    private BenchStack(
            ObjectStore objectStore,
            KafkaBroker kafka,
            InJvmMiniCluster cluster,
            CpuMeter cpu,
            Configuration clusterConfiguration) {
        this.objectStore = objectStore;
        this.kafka = kafka;
        this.cluster = cluster;
        this.cpu = cpu;
        this.clusterConfiguration = clusterConfiguration;
    }

    public static BenchStack start() {
        long started = System.nanoTime();
        CpuMeter.ThreadCensus census = CpuMeter.census();
        ObjectStore store = ObjectStore.start(BUCKET);
        KafkaBroker kafka = null;
        try {
            Configuration s3 = Configuration.fromMap(store.flinkS3Options());
            // A MiniCluster never initializes file systems from its configuration; s3:// needs it (JVM-wide).
            FileSystem.initialize(s3, null);
            kafka = KafkaBroker.start();
            CpuMeter cpu = new CpuMeter(census.servicesStartedSince());
            Configuration clusterConfiguration = shippedClusterConfiguration();
            Configuration effective = new Configuration(clusterConfiguration);
            effective.addAll(s3);
            // Hadoop's shutdown hook touches the job's class loader after the cluster closed: noise, not a leak that
            // matters here.
            effective.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
            // A MiniCluster gives a TaskManager 128 MiB of managed memory (the local-execution default); a
            // Flink distribution's TaskManager (1728 MiB process) gets about 512 MiB per slot. RocksDB's block
            // cache and write buffers live there, so each slot gets what it would have in production.
            effective.set(
                    TaskManagerOptions.MANAGED_MEMORY_SIZE, MANAGED_MEMORY_PER_SLOT.multiply(SLOTS_PER_TASK_MANAGER));
            InJvmMiniCluster cluster = InJvmMiniCluster.builder()
                    .taskManagers(TASK_MANAGERS)
                    .slotsPerTaskManager(SLOTS_PER_TASK_MANAGER)
                    .configuration(effective)
                    .timeout(Duration.ofMinutes(3))
                    .start();
            Progress.say(
                    "stack up in %.1f s: Kafka %s, object store %s, MiniCluster %d TM x %d slots",
                    (System.nanoTime() - started) / 1e9,
                    kafka.bootstrapServers(),
                    store.endpoint(),
                    TASK_MANAGERS,
                    SLOTS_PER_TASK_MANAGER);
            return new BenchStack(store, kafka, cluster, cpu, clusterConfiguration);
        } catch (RuntimeException | Error e) {
            if (kafka != null) {
                kafka.close();
            }
            store.close();
            throw e;
        }
    }

    /** The starters' cluster-level options for their shipped defaults (no application.conf, no environment). */
    private static Configuration shippedClusterConfiguration() {
        StarterSettings defaults = FlinkStarters.settings(ConfigLoader.load(
                ConfigFactory.parseString("flink.checkpoint.storage.dir = \"s3://" + BUCKET
                        + "/defaults\"\nflink.starters.preflight.enabled = false"),
                Map.of()));
        return defaults.clusterConfiguration();
    }

    /** The heartbeat settings in force: the starters' if they set them, else the testkit cluster's. */
    public String heartbeats() {
        Configuration effective = new Configuration();
        effective.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(500));
        effective.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(10));
        effective.addAll(clusterConfiguration);
        return "heartbeat interval "
                + effective.get(HeartbeatManagerOptions.HEARTBEAT_INTERVAL).toMillis() + " ms, timeout "
                + effective.get(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT).toMillis() + " ms"
                + (clusterConfiguration.contains(HeartbeatManagerOptions.HEARTBEAT_INTERVAL)
                        ? " (starters)"
                        : " (testkit cluster)");
    }

    /** The starters' cluster-level options for their shipped defaults, what this stack's MiniCluster runs with (without S3 access). */
    public Configuration clusterConfiguration() {
        return new Configuration(clusterConfiguration);
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public InJvmMiniCluster cluster() {
        return cluster;
    }

    public ObjectStore objectStore() {
        return objectStore;
    }

    public CpuMeter cpu() {
        return cpu;
    }

    /**
     * A topic holding at least {@code events} generated events (plus duplicates, bad records and the
     * closing events), filled once per run and shared by every configuration that reads it.
     */
    public FilledTopic filledTopic(EventFeed.Shape shape) {
        return filledTopic(shape, "events-" + topics.size());
    }

    /** Like {@link #filledTopic(EventFeed.Shape)}, for a topic only one benchmark reads (and may append to). */
    public FilledTopic filledTopic(EventFeed.Shape shape, String name) {
        FilledTopic existing = topics.get(shape.key());
        if (existing != null) {
            return existing;
        }
        FilledTopic filled = TopicFill.fill(kafka, name, PARALLELISM, shape);
        topics.put(shape.key(), filled);
        return filled;
    }

    @Override
    public void close() throws Exception {
        cpu.close();
        try {
            cluster.close();
        } finally {
            try {
                kafka.close();
            } finally {
                objectStore.close();
            }
        }
    }
}
