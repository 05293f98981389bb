package io.flinkstarters.benchmarks.harness;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * One configuration users choose between: delivery guarantee (checkpoint mode and sink together),
 * checkpoint interval and state backend.
 *
 * @param interval empty: no checkpointing (the sinks then deliver with {@link DeliveryGuarantee#NONE})
 */
public record RunConfig(DeliveryGuarantee guarantee, Optional<Duration> interval, Backend backend) {

    /** State backends and snapshot strategies. */
    public enum Backend {
        HASHMAP("hashmap", false), ROCKSDB_FULL("rocksdb", false), ROCKSDB_INCREMENTAL("rocksdb", true);

        final String type;
        final boolean incremental;

        Backend(String type, boolean incremental) {
            this.type = type;
            this.incremental = incremental;
        }

        public String label() {
            return this == HASHMAP ? "hashmap" : incremental ? "RocksDB incremental" : "RocksDB full";
        }
    }

    public static RunConfig noCheckpoints(Backend backend) {
        return new RunConfig(DeliveryGuarantee.NONE, Optional.empty(), backend);
    }

    public static RunConfig checkpointed(DeliveryGuarantee guarantee, Duration interval, Backend backend) {
        return new RunConfig(guarantee, Optional.of(interval), backend);
    }

    public String guaranteeLabel() {
        return switch (guarantee) {
            case NONE -> "no checkpoints";
            case AT_LEAST_ONCE -> "at-least-once";
            case EXACTLY_ONCE -> "exactly-once";
        };
    }

    public String intervalLabel() {
        return interval.map(value -> value.toMillis() % 1000 == 0 ? value.toSeconds() + " s" : value.toMillis() + " ms").orElse("-");
    }

    /** A short id usable in topic, group and transactional id names. */
    public String id() {
        return (guarantee.name() + "-" + interval.map(Duration::toMillis).orElse(0L) + "-" + backend.name()).toLowerCase(Locale.ROOT)
                .replace('_', '-');
    }

    /** {@code flink.checkpoint} for the starters: the shipped defaults except what this configuration varies. */
    String checkpointHocon(String storageDir) {
        StringBuilder hocon = new StringBuilder("flink.checkpoint {\n");
        hocon.append("  enabled = ").append(interval.isPresent()).append('\n');
        interval.ifPresent(value -> hocon
                .append("  interval = ").append(value.toMillis()).append("ms\n")
                .append("  mode = ").append(guarantee == DeliveryGuarantee.EXACTLY_ONCE ? "exactly-once" : "at-least-once").append('\n')
                // The shipped min-pause (30 s) would stretch a 1 s or 10 s interval; the interval is what is compared here.
                .append("  min-pause = ").append(Math.max(1, value.toMillis() / 10)).append("ms\n"));
        hocon.append("  state-backend { type = ").append(backend.type).append(", incremental = ").append(backend.incremental).append(" }\n");
        hocon.append("  storage.dir = \"").append(storageDir).append("\"\n");
        // Cancelled benchmark jobs must not leave their state in the in-memory object store.
        hocon.append("  retention = delete-on-cancellation\n");
        hocon.append("}\n");
        return hocon.toString();
    }
}
