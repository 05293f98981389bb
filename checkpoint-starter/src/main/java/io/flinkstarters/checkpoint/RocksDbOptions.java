package io.flinkstarters.checkpoint;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The flink-statebackend-rocksdb keys the checkpoint starter sets, declared here because that jar is
 * optional for users of the hashmap backend (its own typed options live in
 * {@code org.apache.flink.state.rocksdb.RocksDBOptions} and {@code RocksDBConfigurableOptions}).
 */
@PublicEvolving
public final class RocksDbOptions {

    public static final ConfigOption<Boolean> USE_BLOOM_FILTER = ConfigOptions.key(
                    "state.backend.rocksdb.use-bloom-filter")
            .booleanType()
            .defaultValue(false)
            .withDescription("Write a Bloom filter into every new SST file.");

    /** Flink's option is an enum (HEAP, ROCKSDB); Flink parses the string this starter writes. */
    public static final ConfigOption<String> TIMER_SERVICE_FACTORY = ConfigOptions.key(
                    "state.backend.rocksdb.timer-service.factory")
            .stringType()
            .defaultValue("ROCKSDB")
            .withDescription("Where RocksDB keeps timers: HEAP or ROCKSDB.");

    private RocksDbOptions() {}
}
