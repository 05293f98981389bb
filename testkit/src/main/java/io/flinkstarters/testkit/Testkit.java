package io.flinkstarters.testkit;

import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real components a test needs, started once per test class on loopback with free ports and
 * cleaned up afterwards: a Flink MiniCluster, optionally a Kafka broker and an S3-protocol object
 * store wired as checkpoint storage.
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
    private FlinkCluster cluster;

    private Testkit(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts everything (the object store first, so the cluster can reach it). */
    public Testkit start() {
        if (cluster != null) {
            return this;
        }
        Configuration clusterOptions = new Configuration(settings.clusterOptions);
        if (settings.bucket != null) {
            objectStore = ObjectStore.start(settings.bucket);
            Configuration s3 = Configuration.fromMap(objectStore.flinkS3Options());
            clusterOptions.addAll(s3);
            // MiniCluster never initializes file systems from its configuration; s3:// needs it (JVM-wide).
            FileSystem.initialize(s3, null);
        }
        if (settings.kafka) {
            kafka = KafkaBroker.start();
        }
        cluster = FlinkCluster.builder()
                .taskManagers(settings.taskManagers)
                .slotsPerTaskManager(settings.slotsPerTaskManager)
                .configuration(clusterOptions)
                .start();
        return this;
    }

    public FlinkCluster cluster() {
        return require(cluster, "the Flink cluster");
    }

    public KafkaBroker kafka() {
        return require(kafka, "Kafka (call Builder.kafka())");
    }

    public ObjectStore objectStore() {
        return require(objectStore, "the object store (call Builder.objectStore(bucket))");
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
        for (AutoCloseable component : new AutoCloseable[] {cluster, kafka, objectStore}) {
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
        private String bucket;
        private final Configuration clusterOptions = new Configuration();

        private Builder() {}

        public Builder taskManagers(int count) {
            this.taskManagers = count;
            return this;
        }

        public Builder slotsPerTaskManager(int count) {
            this.slotsPerTaskManager = count;
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

        /** Cluster-level Flink options, e.g. {@code StarterSettings.clusterConfiguration()}. */
        public Builder clusterOptions(Map<String, String> options) {
            clusterOptions.addAll(Configuration.fromMap(options));
            return this;
        }

        /** A Testkit that starts when its test class starts (as a JUnit extension) or on {@link Testkit#start()}. */
        public Testkit build() {
            return new Testkit(this);
        }
    }
}
