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
 *
 * <p>The bound a transaction timeout must cover: a transaction opens when checkpoint N-1's barrier
 * passes the sink and commits once checkpoint N completes, so it stays open up to max(interval,
 * checkpoint timeout + min-pause) + checkpoint timeout (the next checkpoint starts at the interval, or
 * min-pause after a slow one ended; it may take its whole timeout). After a failure it is committed
 * only when the restored job runs again: the {@link FailoverOutage} on top. Past the transaction timeout
 * the broker aborts it and its records are lost without a failure (connector 5.0 logs an ERROR, counts
 * failedCommittables and keeps running; docs/TESTKIT.md, "An outage past the transaction timeout").
 */
@Internal
public final class TransactionRules {

    /** A broker's default {@code transaction.max.timeout.ms}: a derived timeout stays within it. */
    public static final Duration BROKER_DEFAULT_MAX_TIMEOUT = Duration.ofMinutes(15);

    private final ConfigReader reader;
    private final GuardKeys keys;
    private final Checkpointing checkpointing;
    private final Optional<FailoverOutage> failover;

    /** The checkpoint settings the rules need, whichever way the job set them. */
    public record Checkpointing(
            boolean enabled, CheckpointingMode mode, Duration interval, Duration timeout, Duration minPause) {
        Duration cycle() {
            return interval.plus(timeout);
        }

        /** The longest a transaction stays open while the job runs (see the class comment). */
        Duration openTransaction() {
            Duration untilNextBarrier =
                    interval.compareTo(timeout.plus(minPause)) >= 0 ? interval : timeout.plus(minPause);
            return untilNextBarrier.plus(timeout);
        }
    }

    /**
     * @param failover how long a failover keeps the sink from committing, when the restart settings are
     *     known and valid
     */
    public TransactionRules(
            ConfigReader reader, GuardKeys keys, Checkpointing checkpointing, Optional<FailoverOutage> failover) {
        this.reader = reader;
        this.keys = keys;
        this.checkpointing = checkpointing;
        this.failover = failover;
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
     * The transaction timeout to use: the given one (a problem when a checkpoint cycle outlasts it, a
     * warning when the worst case of an open transaction plus one failover does), or one derived from
     * the job's settings.
     */
    public Duration transactionTimeout(Optional<Duration> given) {
        if (given.isEmpty()) {
            return derived();
        }
        Duration timeout = given.get();
        if (!reader.valid(
                keys.transactionTimeout(),
                keys.checkpointInterval(),
                keys.checkpointTimeout(),
                keys.checkpointMinPause())) {
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
        } else if (timeout.compareTo(bound()) < 0) {
            reader.warn(
                    keys.transactionTimeout(),
                    "does not cover " + explainBound() + ". Past the transaction timeout the broker aborts the"
                            + " transaction and its records are lost without a failure (the sink logs an ERROR and"
                            + " goes on): raise it to at least " + DurationFormat.of(bound())
                            + " (within the broker's transaction.max.timeout.ms), or shorten "
                            + keys.checkpointTimeout());
        }
        return timeout;
    }

    /**
     * The bound rounded up to a whole minute, at most {@link #BROKER_DEFAULT_MAX_TIMEOUT} (a broker
     * refuses more unless its maximum was raised) as long as that outlasts a checkpoint cycle; when the
     * bound is cut, a warning says so.
     */
    public Duration derived() {
        long minutes = (bound().toMillis() + 59_999) / 60_000;
        Duration derived = Duration.ofMinutes(minutes);
        // Capped only while the cap still outlasts a checkpoint cycle: below that every slow checkpoint
        // would lose output, so the full bound is kept and the preflight holds it against the broker.
        if (derived.compareTo(BROKER_DEFAULT_MAX_TIMEOUT) <= 0
                || checkpointing.cycle().compareTo(BROKER_DEFAULT_MAX_TIMEOUT) >= 0) {
            return derived;
        }
        if (reader.valid(keys.checkpointInterval(), keys.checkpointTimeout(), keys.checkpointMinPause())) {
            reader.warn(
                    keys.transactionTimeout(),
                    "is not set and is derived as " + DurationFormat.of(BROKER_DEFAULT_MAX_TIMEOUT)
                            + ", a broker's default transaction.max.timeout.ms, which does not cover "
                            + explainBound() + ": shorten " + keys.checkpointTimeout()
                            + ", or raise the brokers' transaction.max.timeout.ms and set it");
        }
        return BROKER_DEFAULT_MAX_TIMEOUT;
    }

    /** The open transaction's longest life plus one failover. */
    private Duration bound() {
        return checkpointing
                .openTransaction()
                .plus(failover.map(FailoverOutage::duration).orElse(Duration.ZERO));
    }

    private String explainBound() {
        String open = "the longest a transaction stays open, from one checkpoint's barrier until the next"
                + " checkpoint completes: max(" + keys.checkpointInterval() + " = "
                + DurationFormat.of(checkpointing.interval()) + ", " + keys.checkpointTimeout() + " = "
                + DurationFormat.of(checkpointing.timeout()) + " + " + keys.checkpointMinPause() + " = "
                + DurationFormat.of(checkpointing.minPause()) + ") + " + keys.checkpointTimeout() + " = "
                + DurationFormat.of(checkpointing.timeout()) + " = "
                + DurationFormat.of(checkpointing.openTransaction());
        return failover.map(outage -> open + ", plus one failover before the restored sink commits it ("
                        + outage.explanation() + "): " + DurationFormat.of(bound()) + " in all")
                .orElse(open);
    }
}
