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

    /**
     * State backends and snapshot strategies, with the starters' defaults for everything else (Bloom filters, timers),
     * and one reference: RocksDB as a job configured by hand gets it.
     */
    public enum Backend {
        HASHMAP("hashmap", false, "rocksdb"),
        ROCKSDB_FULL("rocksdb", false, "rocksdb"),
        ROCKSDB_INCREMENTAL("rocksdb", true, "rocksdb"),
        /** The tuning for jobs whose timers fit in memory ({@code flink.checkpoint.state-backend.timers = heap}). */
        ROCKSDB_INCREMENTAL_HEAP_TIMERS("rocksdb", true, "heap"),
        /**
         * What a user writes by hand without the starters: {@code state.backend.type: rocksdb}, the interval, the
         * mode and the directory, everything else Flink's default (full snapshots, no Bloom filters, timers in
         * RocksDB), and the job's object reuse off (Flink's default too).
         */
        ROCKSDB_FLINK_DEFAULTS("rocksdb", false, "rocksdb");

        final String type;
        final boolean incremental;
        final String timers;

        Backend(String type, boolean incremental, String timers) {
            this.type = type;
            this.incremental = incremental;
            this.timers = timers;
        }

        public String label() {
            return switch (this) {
                case HASHMAP -> "hashmap";
                case ROCKSDB_FULL -> "RocksDB full";
                case ROCKSDB_INCREMENTAL -> "RocksDB incremental";
                case ROCKSDB_INCREMENTAL_HEAP_TIMERS -> "RocksDB incremental, heap timers";
                case ROCKSDB_FLINK_DEFAULTS -> "RocksDB, Flink's defaults";
            };
        }

        /** Whether the starters configure it; otherwise it is the hand-written reference. */
        public boolean startersTuning() {
            return this != ROCKSDB_FLINK_DEFAULTS;
        }

        /** Whether its state lives in RocksDB. */
        public boolean isRocksDb() {
            return type.equals("rocksdb");
        }

        String hocon() {
            return "type = " + type + ", incremental = " + incremental
                    + (type.equals("rocksdb") ? ", timers = " + timers : "");
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
        return intervalLabel(interval);
    }

    /** {@code 10 s}, {@code 500 ms}, or {@code -} for none. */
    public static String intervalLabel(Optional<Duration> interval) {
        return interval.map(value -> value.toMillis() % 1000 == 0 ? value.toSeconds() + " s" : value.toMillis() + " ms")
                .orElse("-");
    }

    /** A short id usable in topic, group and transactional id names. */
    public String id() {
        return (guarantee.name() + "-" + interval.map(Duration::toMillis).orElse(0L) + "-" + backend.name())
                .toLowerCase(Locale.ROOT)
                .replace('_', '-');
    }

    /** A tenth of the interval: checkpoints start about as often as the interval says. */
    public Duration minPause() {
        return Duration.ofMillis(Math.max(1, interval.orElseThrow().toMillis() / 10));
    }

    /** {@code flink.checkpoint} for the starters: the shipped defaults except what this configuration varies. */
    String checkpointHocon(String storageDir) {
        StringBuilder hocon = new StringBuilder("flink.checkpoint {\n");
        hocon.append("  enabled = ").append(interval.isPresent()).append('\n');
        interval.ifPresent(value -> hocon.append("  interval = ")
                .append(value.toMillis())
                .append("ms\n")
                .append("  mode = ")
                .append(guarantee == DeliveryGuarantee.EXACTLY_ONCE ? "exactly-once" : "at-least-once")
                .append('\n')
                // The shipped min-pause (30 s) would stretch a 1 s or 10 s interval; the interval is what is compared
                // here.
                .append("  min-pause = ")
                .append(minPause().toMillis())
                .append("ms\n"));
        hocon.append("  state-backend { ").append(backend.hocon()).append(" }\n");
        hocon.append("  storage.dir = \"").append(storageDir).append("\"\n");
        // Cancelled benchmark jobs must not leave their state in the in-memory object store.
        hocon.append("  retention = delete-on-cancellation\n");
        hocon.append("}\n");
        return hocon.toString();
    }
}
