package io.flinkstarters.checkpoint;

/**
 * The state backend.
 *
 * @param incremental write only what changed since the last checkpoint (RocksDB only)
 * @param localRecovery keep a local copy of state on each TaskManager to speed up recovery
 */
public record StateBackendSettings(StateBackendType type, boolean incremental, boolean localRecovery) {}
