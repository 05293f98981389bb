package io.flinkstarters.checkpoint;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The state backend.
 *
 * @param incremental write only what changed since the last checkpoint (RocksDB only)
 * @param localRecovery keep a local copy of state on each TaskManager to speed up recovery
 * @param bloomFilter keep a Bloom filter in every SST file, so lookups of absent keys skip the files (RocksDB only)
 * @param timers where RocksDB keeps timers (hashmap always keeps them on the heap)
 */
@PublicEvolving
public record StateBackendSettings(
        StateBackendType type, boolean incremental, boolean localRecovery, boolean bloomFilter, TimerStore timers) {

    /** Whether the RocksDB-only settings apply. */
    public boolean isRocksDb() {
        return type == StateBackendType.ROCKSDB;
    }
}
