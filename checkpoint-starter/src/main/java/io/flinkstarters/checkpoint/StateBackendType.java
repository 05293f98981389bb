package io.flinkstarters.checkpoint;

import org.apache.flink.annotation.PublicEvolving;

/** Where keyed state lives between checkpoints. */
@PublicEvolving
public enum StateBackendType {
    /** On local disk in RocksDB: large state, incremental checkpoints. */
    ROCKSDB(
            "rocksdb",
            "org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend",
            "org.apache.flink:flink-statebackend-rocksdb"),
    /** On the JVM heap: fastest, bounded by memory, full checkpoints. */
    HASHMAP("hashmap", null, null);

    private final String flinkName;
    private final String implementationClass;
    private final String artifact;

    StateBackendType(String flinkName, String implementationClass, String artifact) {
        this.flinkName = flinkName;
        this.implementationClass = implementationClass;
        this.artifact = artifact;
    }

    /** The value of Flink's {@code state.backend.type}. */
    public String flinkName() {
        return flinkName;
    }

    /** Whether this backend can write incremental checkpoints. */
    public boolean supportsIncremental() {
        return this == ROCKSDB;
    }

    /** Whether the backend's implementation is on the class path (RocksDB ships in its own jar). */
    public boolean isAvailable(ClassLoader classLoader) {
        if (implementationClass == null) {
            return true;
        }
        try {
            Class.forName(implementationClass, false, classLoader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The Maven artifact that provides this backend, or {@code null} when Flink's core has it. */
    public String artifact() {
        return artifact;
    }
}
