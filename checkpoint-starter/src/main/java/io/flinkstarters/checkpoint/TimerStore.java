package io.flinkstarters.checkpoint;

import org.apache.flink.annotation.PublicEvolving;

/** Where the RocksDB state backend keeps timers (event-time windows, process functions' timers). */
@PublicEvolving
public enum TimerStore {
    /** In RocksDB with the keyed state: any number of timers; Flink's default. */
    ROCKSDB,
    /** On the JVM heap, written with every checkpoint: faster, for jobs whose timers fit in memory. */
    HEAP;

    /** The value of Flink's {@code state.backend.rocksdb.timer-service.factory}. */
    public String flinkName() {
        return name();
    }
}
