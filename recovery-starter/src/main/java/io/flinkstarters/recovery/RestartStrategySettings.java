package io.flinkstarters.recovery;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;

/**
 * How Flink restarts a failed job. Always written explicitly: with checkpointing on, Flink 2.x would
 * otherwise restart with exponential delay forever, whatever the configuration file says.
 */
public sealed interface RestartStrategySettings {

    /** Writes {@code restart-strategy.*} options. */
    void writeTo(Configuration configuration);

    /** Restart up to {@code attempts} times, waiting {@code delay} before each (the predecessor's choice). */
    record FixedDelay(int attempts, Duration delay) implements RestartStrategySettings {
        @Override
        public void writeTo(Configuration configuration) {
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts);
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, delay);
        }
    }

    /** Restart while fewer than {@code maxFailures} happen within {@code interval}; fail for good beyond. */
    record FailureRate(int maxFailures, Duration interval, Duration delay) implements RestartStrategySettings {
        @Override
        public void writeTo(Configuration configuration) {
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "failure-rate");
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL, maxFailures);
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL, interval);
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY, delay);
        }
    }

    /**
     * Restart with a delay that grows by {@code multiplier} from {@code initialBackoff} up to
     * {@code maxBackoff}; after {@code resetThreshold} of stable running the delay starts over. Fails
     * for good after {@code maxAttempts} restarts without such a reset.
     */
    record ExponentialDelay(
            Duration initialBackoff,
            Duration maxBackoff,
            double multiplier,
            Duration resetThreshold,
            double jitter,
            int maxAttempts)
            implements RestartStrategySettings {
        @Override
        public void writeTo(Configuration configuration) {
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, initialBackoff);
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, maxBackoff);
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, multiplier);
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, resetThreshold);
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, jitter);
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, maxAttempts);
        }
    }

    /** Never restart: the first failure fails the job. */
    record NoRestart() implements RestartStrategySettings {
        @Override
        public void writeTo(Configuration configuration) {
            configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
    }
}
