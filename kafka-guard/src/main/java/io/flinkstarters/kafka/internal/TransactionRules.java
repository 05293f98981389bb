package io.flinkstarters.kafka.internal;

import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.DurationFormat;
import io.flinkstarters.kafka.GuardKeys;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * The rules an exactly-once Kafka sink puts on the job's checkpointing, in one place for every way a
 * job configures them (HOCON or code); each problem goes to the reader against the key to fix.
 */
@Internal
public final class TransactionRules {

    /**
     * What a transaction must survive beyond one checkpoint cycle: a failure is noticed (heartbeat
     * timeout, 15 s by default), the restart strategy waits (10 s by default) and the job is redeployed
     * before the restored sink commits what was pre-committed. Two minutes cover that with the starters'
     * defaults several times over.
     */
    public static final Duration RECOVERY_ALLOWANCE = Duration.ofMinutes(2);

    private final ConfigReader reader;
    private final GuardKeys keys;
    private final Checkpointing checkpointing;

    /** The checkpoint settings the rules need, whichever way the job set them. */
    public record Checkpointing(boolean enabled, CheckpointingMode mode, Duration interval, Duration timeout) {
        Duration cycle() {
            return interval.plus(timeout);
        }
    }

    public TransactionRules(ConfigReader reader, GuardKeys keys, Checkpointing checkpointing) {
        this.reader = reader;
        this.keys = keys;
        this.checkpointing = checkpointing;
    }

    /** Checkpoints on and exactly-once. */
    public void checkpointsCommitTransactions() {
        if (reader.valid(keys.checkpointEnabled()) && !checkpointing.enabled()) {
            // Flink has no switch, only an interval: a job configured in code is told to set it.
            String rule = keys.checkpointEnabled().equals(keys.checkpointInterval()) ? "must be set" : "must be true";
            reader.reject(
                    keys.checkpointEnabled(),
                    rule + " for " + keys.owner() + ": its exactly-once Kafka sinks commit only when a checkpoint"
                            + " completes, so without checkpoints no output would ever be visible");
        }
        if (reader.valid(keys.checkpointMode()) && checkpointing.mode() != CheckpointingMode.EXACTLY_ONCE) {
            reader.reject(
                    keys.checkpointMode(),
                    "must be exactly-once for " + keys.owner() + ": with at-least-once checkpoints a restart replays"
                            + " records into committed transactions, and the output would hold them twice");
        }
    }

    /** A transactional id prefix is given (jobs that read it as a required key check that themselves). */
    public void prefixGiven(Optional<String> transactionalIdPrefix) {
        if (reader.valid(keys.transactionalIdPrefix())
                && transactionalIdPrefix.filter(prefix -> !prefix.isBlank()).isEmpty()) {
            reader.reject(
                    keys.transactionalIdPrefix(),
                    "is required: exactly-once Kafka sinks need a transactional id prefix, unique per sink on the"
                            + " Kafka cluster and stable across restarts");
        }
    }

    /**
     * The transaction timeout to use: the given one once it outlasts a checkpoint cycle (a problem
     * otherwise), or one derived from the checkpoint settings.
     */
    public Duration transactionTimeout(Optional<Duration> given) {
        if (given.isEmpty()) {
            return derived();
        }
        Duration timeout = given.get();
        if (!reader.valid(keys.transactionTimeout(), keys.checkpointInterval(), keys.checkpointTimeout())) {
            return timeout;
        }
        Duration cycle = checkpointing.cycle();
        if (timeout.compareTo(cycle) <= 0) {
            reader.reject(
                    keys.transactionTimeout(),
                    "must be longer than " + keys.checkpointInterval() + " + " + keys.checkpointTimeout() + " ("
                            + reader.displayValue(keys.checkpointInterval()) + " + "
                            + reader.displayValue(keys.checkpointTimeout())
                            + " = " + DurationFormat.of(cycle) + "): a transaction stays open until the next checkpoint"
                            + " completes, and if the broker times it out first, that checkpoint's output is lost");
        } else if (timeout.compareTo(cycle.plus(RECOVERY_ALLOWANCE)) < 0) {
            reader.warn(
                    keys.transactionTimeout(),
                    "leaves less than " + DurationFormat.of(RECOVERY_ALLOWANCE) + " beyond " + keys.checkpointInterval()
                            + " + " + keys.checkpointTimeout() + " (" + DurationFormat.of(cycle)
                            + ") for a restart: a transaction pre-committed before a failure is committed only once the"
                            + " job runs again, and is lost if the broker times it out first");
        }
        return timeout;
    }

    /**
     * Interval + timeout + {@link #RECOVERY_ALLOWANCE}, rounded up to a whole minute: 13m for the starters'
     * defaults (60s + 10m), within a broker's default {@code transaction.max.timeout.ms} of 15m.
     */
    public Duration derived() {
        long minutes = (checkpointing.cycle().plus(RECOVERY_ALLOWANCE).toMillis() + 59_999) / 60_000;
        return Duration.ofMinutes(minutes);
    }
}
