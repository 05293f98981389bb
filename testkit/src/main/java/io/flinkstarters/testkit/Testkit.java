package io.flinkstarters.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real components a test needs, started once per test class on loopback with free ports and
 * cleaned up afterwards: a Flink cluster (a MiniCluster in this JVM, or real processes), optionally a
 * Kafka broker, an S3-protocol object store wired as checkpoint storage, and a ZooKeeper server for
 * high availability.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Testkit testkit = Testkit.builder().taskManagers(2).kafka().objectStore("checkpoints").build();
 * }</pre>
 *
 * Without JUnit: {@code try (Testkit testkit = Testkit.builder().kafka().build().start()) { ... }}.
 */
@PublicEvolving
public final class Testkit implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private final Builder settings;
    private ObjectStore objectStore;
    private KafkaBroker kafka;
    private ZooKeeperServer zooKeeper;
    private FlinkCluster cluster;

    private Testkit(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts everything (the object store, Kafka and ZooKeeper first, so the cluster can reach them). */
    public Testkit start() {
        if (cluster != null) {
            return this;
        }
        try {
            startComponents();
        } catch (RuntimeException | Error e) {
            try {
                close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return this;
    }

    private void startComponents() {
        Configuration clusterOptions = new Configuration(settings.clusterOptions);
        if (settings.bucket != null) {
            objectStore = settings.networkFaults
                    ? ObjectStore.startBehindProxy(settings.bucket)
                    : ObjectStore.start(settings.bucket);
            Configuration s3 = Configuration.fromMap(objectStore.flinkS3Options());
            clusterOptions.addAll(s3);
            // MiniCluster never initializes file systems from its configuration; s3:// needs it (JVM-wide).
            FileSystem.initialize(s3, null);
        }
        if (settings.kafka) {
            kafka = settings.networkFaults ? KafkaBroker.startBehindProxy() : KafkaBroker.start();
        }
        if (settings.zooKeeper) {
            zooKeeper = ZooKeeperServer.start();
        }
        for (Function<Testkit, Configuration> late : settings.lateClusterOptions) {
            clusterOptions.addAll(late.apply(this));
        }
        cluster = settings.processes
                ? ProcessCluster.builder()
                        .name(settings.name)
                        .taskManagers(settings.taskManagers)
                        .slotsPerTaskManager(settings.slotsPerTaskManager)
                        .configuration(clusterOptions)
                        .start()
                : InJvmMiniCluster.builder()
                        .taskManagers(settings.taskManagers)
                        .slotsPerTaskManager(settings.slotsPerTaskManager)
                        .configuration(clusterOptions)
                        .start();
    }

    /** The cluster, whichever kind it is. */
    public FlinkCluster cluster() {
        return require(cluster, "the Flink cluster");
    }

    /** The cluster as the MiniCluster it is (to submit a pipeline built in this JVM). */
    public InJvmMiniCluster miniCluster() {
        if (cluster() instanceof InJvmMiniCluster miniCluster) {
            return miniCluster;
        }
        throw new IllegalStateException("This testkit runs a process cluster, not a MiniCluster");
    }

    /** The cluster as the process cluster it is (to submit a job's jar). */
    public ProcessCluster processCluster() {
        if (cluster() instanceof ProcessCluster processes) {
            return processes;
        }
        throw new IllegalStateException(
                "This testkit runs a MiniCluster, not a process cluster (call Builder.processes())");
    }

    /**
     * The {@code bootstrap.servers} for the job under test: the broker's fault proxy with
     * {@link Builder#networkFaults()}, else the broker itself.
     */
    @Experimental
    public String jobBootstrapServers() {
        return settings.networkFaults ? kafka().proxiedBootstrapServers() : kafka().bootstrapServers();
    }

    public KafkaBroker kafka() {
        return require(kafka, "Kafka (call Builder.kafka())");
    }

    public ObjectStore objectStore() {
        return require(objectStore, "the object store (call Builder.objectStore(bucket))");
    }

    public ZooKeeperServer zooKeeper() {
        return require(zooKeeper, "ZooKeeper (call Builder.zooKeeper())");
    }

    /** HOCON for {@code flink.checkpoint.s3} (and the store's fail-fast S3 retries), so jobs configured through the starters reach the object store. */
    public String s3Hocon() {
        return objectStore().starterHocon();
    }

    private static <T> T require(T component, String what) {
        if (component == null) {
            throw new IllegalStateException(what + " is not started");
        }
        return component;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /** Stops everything that was started, in reverse order. */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (AutoCloseable component : new AutoCloseable[] {cluster, zooKeeper, kafka, objectStore}) {
            try {
                if (component != null) {
                    component.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        cluster = null;
        zooKeeper = null;
        kafka = null;
        objectStore = null;
        if (failure != null) {
            throw failure;
        }
    }

    /** What to start. */
    public static final class Builder {
        private int taskManagers = 2;
        private int slotsPerTaskManager = 2;
        private boolean kafka;
        private boolean networkFaults;
        private boolean zooKeeper;
        private boolean processes;
        private String name = "testkit";
        private String bucket;
        private final Configuration clusterOptions = new Configuration();
        private final List<Function<Testkit, Configuration>> lateClusterOptions = new ArrayList<>();

        private Builder() {}

        public Builder taskManagers(int count) {
            this.taskManagers = count;
            return this;
        }

        public Builder slotsPerTaskManager(int count) {
            this.slotsPerTaskManager = count;
            return this;
        }

        /**
         * Put a {@link FaultProxy} in front of Kafka and the object store ({@link KafkaBroker#proxy()},
         * {@link ObjectStore#proxy()}): the job's clients ({@link Testkit#jobBootstrapServers()}, the
         * cluster's and the starters' S3 settings) go through them, the testkit's own clients do not.
         */
        @Experimental
        public Builder networkFaults() {
            this.networkFaults = true;
            return this;
        }

        /** Start a Kafka broker. */
        public Builder kafka() {
            this.kafka = true;
            return this;
        }

        /** Start an S3-protocol object store with this bucket, reachable as {@code s3://bucket/...}. */
        public Builder objectStore(String bucket) {
            this.bucket = bucket;
            return this;
        }

        /** Start a ZooKeeper server (for high availability on a process cluster). */
        public Builder zooKeeper() {
            this.zooKeeper = true;
            return this;
        }

        /**
         * Run the cluster as real JobManager and TaskManager processes ({@link ProcessCluster}) instead of a
         * MiniCluster in this JVM; {@code name} names its directory under {@code target/flink-processes}.
         */
        public Builder processes(String name) {
            this.processes = true;
            this.name = name;
            return this;
        }

        /** Cluster-level Flink options, e.g. {@code StarterSettings.clusterConfiguration()}. */
        public Builder clusterOptions(Map<String, String> options) {
            clusterOptions.addAll(Configuration.fromMap(options));
            return this;
        }

        /**
         * Cluster-level options that depend on the started components (their addresses), computed once
         * the object store, Kafka and ZooKeeper run, just before the cluster starts.
         */
        public Builder clusterOptions(Function<Testkit, Configuration> options) {
            lateClusterOptions.add(options);
            return this;
        }

        /** A Testkit that starts when its test class starts (as a JUnit extension) or on {@link Testkit#start()}. */
        public Testkit build() {
            return new Testkit(this);
        }
    }
}
