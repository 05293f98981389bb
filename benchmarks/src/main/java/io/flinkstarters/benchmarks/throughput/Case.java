package io.flinkstarters.benchmarks.throughput;

import io.flinkstarters.benchmarks.harness.RunConfig;
import io.flinkstarters.benchmarks.harness.RunConfig.Backend;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * One row of the throughput table: the health job on a state backend with a guarantee and a checkpoint interval,
 * or the reference loop of Kafka clients (no backend) without transactions or with one per interval.
 *
 * @param backend empty for the Kafka loop
 */
public record Case(Optional<Backend> backend, DeliveryGuarantee guarantee, Optional<Duration> interval) {

    public static Case job(RunConfig config) {
        return new Case(Optional.of(config.backend()), config.guarantee(), config.interval());
    }

    /** The loop; with an interval, exactly-once: a transaction per interval. */
    public static Case kafkaLoop(Optional<Duration> transactionInterval) {
        return new Case(
                Optional.empty(),
                transactionInterval.isPresent() ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.NONE,
                transactionInterval);
    }

    public boolean isKafkaLoop() {
        return backend.isEmpty();
    }

    /** The job's configuration; not for the loop. */
    public RunConfig config() {
        return new RunConfig(guarantee, interval, backend.orElseThrow());
    }

    /** The reference "I/O limit" for this row: the loop with transactions at the same interval for exactly-once, else without. */
    public Case kafkaLoopReference() {
        return kafkaLoop(guarantee == DeliveryGuarantee.EXACTLY_ONCE ? interval : Optional.empty());
    }

    /** The same subject without checkpoints (or transactions). */
    public Case withoutCheckpoints() {
        return new Case(backend, DeliveryGuarantee.NONE, Optional.empty());
    }

    /** For a RocksDB row as the starters configure it: the same row as a job configured by hand would run it. */
    public Optional<Case> flinkDefaultsReference() {
        return backend.filter(value -> value.isRocksDb() && value.startersTuning())
                .map(value -> new Case(Optional.of(Backend.ROCKSDB_FLINK_DEFAULTS), guarantee, interval));
    }

    public String subject() {
        return backend.map(Backend::label).orElse("Kafka clients only (reference)");
    }

    public String guaranteeLabel() {
        if (isKafkaLoop()) {
            return interval.isPresent() ? "a transaction per interval" : "no transactions";
        }
        return config().guaranteeLabel();
    }

    public String intervalLabel() {
        return RunConfig.intervalLabel(interval);
    }

    /** A short id usable in topic, group and transactional id names. */
    public String id() {
        return isKafkaLoop() ? "loop-" + interval.map(Duration::toMillis).orElse(0L) : config().id();
    }
}
