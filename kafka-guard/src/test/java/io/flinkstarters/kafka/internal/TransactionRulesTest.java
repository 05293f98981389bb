package io.flinkstarters.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.Problem;
import io.flinkstarters.kafka.GuardKeys;
import io.flinkstarters.kafka.KafkaExactlyOnceGuard;
import io.flinkstarters.kafka.KafkaTransactions;
import io.flinkstarters.recovery.RecoverySettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.junit.jupiter.api.Test;

/**
 * The outage bound of a transaction timeout, for a job configured through the starters: the longest a
 * transaction stays open plus one failover, each term named by its key and value.
 */
class TransactionRulesTest {

    private static final GuardKeys KEYS = GuardKeys.starters("the job", "job.prefix", "job.timeout", "job.servers");

    private ConfigReader reader;

    /** The guard as a HOCON-driven job calls it, after the starters read their settings with the same reader. */
    private KafkaTransactions guard(String hocon, Optional<Duration> timeout) {
        String job = "flink.checkpoint { storage.dir = \"file:///tmp/checkpoints\", state-backend.type = hashmap }\n"
                + timeout.map(given -> "job.timeout = " + given.toMillis() + "ms\n")
                        .orElse("");
        reader = new ConfigReader(ConfigLoader.withDefaults(ConfigFactory.parseString(job + hocon)));
        CheckpointSettings checkpoint = CheckpointSettings.read(reader);
        RecoverySettings.read(reader, checkpoint);
        return KafkaExactlyOnceGuard.read(
                reader, checkpoint, KEYS, "prefix", timeout, Map.of(), TransactionNamingStrategy.DEFAULT);
    }

    @Test
    void aTimeoutThatDoesNotCoverTheBoundIsWarnedAboutTermByTerm() {
        guard("", Optional.of(Duration.ofMinutes(15)));

        assertThat(reader.problems()).isEmpty();
        assertThat(reader.warnings())
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("does not cover the longest a transaction stays open,"
                        + " from one checkpoint's barrier until the next checkpoint completes:"
                        + " max(flink.checkpoint.interval = 1m, flink.checkpoint.timeout = 10m +"
                        + " flink.checkpoint.min-pause = 30s) + flink.checkpoint.timeout = 10m = 1230s, plus one"
                        + " failover before the restored sink commits it (flink.recovery.heartbeat.timeout = 15s +"
                        + " flink.recovery.restart-strategy.fixed-delay.attempts = 3 x"
                        + " flink.recovery.restart-strategy.fixed-delay.delay = 10s = 45s): 1275s in all. Past the"
                        + " transaction timeout the broker aborts the transaction and its records are lost without a"
                        + " failure (the sink logs an ERROR and goes on): raise it to at least 1275s (within the"
                        + " broker's transaction.max.timeout.ms), or shorten flink.checkpoint.timeout");
        assertThat(reader.warnings().get(0).key()).isEqualTo("job.timeout");
    }

    @Test
    void aTimeoutThatCoversTheBoundPassesQuietly() {
        String hocon = "flink.checkpoint { interval = 60s, timeout = 5m, min-pause = 30s }\n";

        guard(hocon, Optional.of(Duration.ofMillis(11 * 60_000 + 15_000)));

        assertThat(reader.problems()).isEmpty();
        assertThat(reader.warnings())
                .as("10m30s open + 45s failover = 11m15s, covered exactly")
                .isEmpty();

        guard(hocon, Optional.of(Duration.ofMillis(11 * 60_000 + 14_999)));

        assertThat(reader.warnings())
                .as("a millisecond short: the negative control")
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("raise it to at least 675s");
    }

    @Test
    void aTimeoutWithinOneCycleIsStillAProblem() {
        guard("flink.checkpoint { interval = 60s, timeout = 5m }\n", Optional.of(Duration.ofMinutes(6)));

        assertThat(reader.problems())
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .startsWith("must be longer than flink.checkpoint.interval + flink.checkpoint.timeout (60s + 5m = 6m)");
    }

    @Test
    void theDerivedTimeoutCoversTheBoundWithTheRestartStrategyInEffect() {
        String checkpoints = "flink.checkpoint { interval = 60s, timeout = 5m, min-pause = 30s }\n";

        assertThat(guard(checkpoints, Optional.empty()).transactionTimeout())
                .as("10m30s + 15s + 3 x 10s = 11m15s, rounded up")
                .isEqualTo(Duration.ofMinutes(12));
        assertThat(guard(checkpoints + "flink.recovery.restart-strategy.type = exponential-delay\n", Optional.empty())
                        .transactionTimeout())
                .as("10m30s + 15s + 1m max backoff = 11m45s, rounded up")
                .isEqualTo(Duration.ofMinutes(12));
        assertThat(guard(
                                checkpoints
                                        + "flink.recovery.restart-strategy { type = failure-rate, failure-rate.delay = 2m }\n",
                                Optional.empty())
                        .transactionTimeout())
                .as("10m30s + 15s + 2m = 12m45s, rounded up")
                .isEqualTo(Duration.ofMinutes(13));
        assertThat(reader.warnings()).isEmpty();
    }

    @Test
    void aDerivedTimeoutBeyondABrokersDefaultMaximumIsCappedAndSaysWhy() {
        KafkaTransactions transactions = guard("", Optional.empty());

        assertThat(transactions.transactionTimeout()).isEqualTo(TransactionRules.BROKER_DEFAULT_MAX_TIMEOUT);
        assertThat(reader.warnings())
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .startsWith("is not set and is derived as 15m, a broker's default transaction.max.timeout.ms, which"
                        + " does not cover the longest a transaction stays open")
                .contains(": 1275s in all")
                .endsWith("shorten flink.checkpoint.timeout, or raise the brokers' transaction.max.timeout.ms and"
                        + " set it");
    }

    @Test
    void theFailoverOfAJobConfiguredInCodeIsNamedByFlinksKeys() {
        Configuration flink = new Configuration();
        flink.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(20));
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 4);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(5));

        FailoverOutage outage = FailoverOutage.of(flink, true, ConfigOption::key);

        assertThat(outage.duration()).isEqualTo(Duration.ofSeconds(40));
        assertThat(outage.explanation())
                .isEqualTo("heartbeat.timeout = 20s + restart-strategy.fixed-delay.attempts = 4 x"
                        + " restart-strategy.fixed-delay.delay = 5s = 40s");
        assertThat(FailoverOutage.of(new Configuration(), false, ConfigOption::key)
                        .explanation())
                .as("Flink's defaults without checkpoints: no restart")
                .isEqualTo("heartbeat.timeout = 50s + restart-strategy.type = none (no restart) = 50s");
    }
}
