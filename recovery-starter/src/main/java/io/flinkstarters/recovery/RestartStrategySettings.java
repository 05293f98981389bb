package io.flinkstarters.recovery;

import java.time.Duration;
import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;

/**
 * How Flink restarts a failed job: the chosen strategy with its block's values (written to Flink by
 * {@link RecoverySettings#TABLE}). Always written explicitly: with checkpointing on, Flink 2.x would
 * otherwise restart with exponential delay forever, whatever the configuration file says.
 */
@PublicEvolving
public sealed interface RestartStrategySettings {

    /**
     * How long this strategy keeps a job alive when every restart fails at once, as restarts do while
     * they are redeployed onto a TaskManager that died but has not been noticed yet; empty when such
     * failures never use it up.
     */
    Optional<Duration> exhaustedAfter();

    /** Restart up to {@code attempts} times, waiting {@code delay} before each (the predecessor's choice). */
    record FixedDelay(int attempts, Duration delay) implements RestartStrategySettings {
        @Override
        public Optional<Duration> exhaustedAfter() {
            return Optional.of(delay.multipliedBy(attempts));
        }
    }

    /** Restart while fewer than {@code maxFailures} happen within {@code interval}; fail for good beyond. */
    record FailureRate(int maxFailures, Duration interval, Duration delay) implements RestartStrategySettings {
        /**
         * Flink fails the job at the {@code maxFailures}-th failure if the first of them lies no more
         * than {@code interval} back; failures {@code delay} apart get there after
         * {@code (maxFailures - 1) × delay}.
         */
        @Override
        public Optional<Duration> exhaustedAfter() {
            Duration span = delay.multipliedBy(maxFailures - 1L);
            return span.compareTo(interval) <= 0 ? Optional.of(span) : Optional.empty();
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
        /** The sum of the {@code maxAttempts} growing delays, each at its shortest after jitter. */
        @Override
        public Optional<Duration> exhaustedAfter() {
            double totalMillis = 0;
            double backoffMillis = initialBackoff.toMillis();
            for (int attempt = 0; attempt < maxAttempts; attempt++) {
                totalMillis += Math.min(backoffMillis, maxBackoff.toMillis()) * (1 - jitter);
                backoffMillis *= multiplier;
            }
            return Optional.of(Duration.ofMillis((long) totalMillis));
        }
    }

    /** Never restart: the first failure fails the job. */
    record NoRestart() implements RestartStrategySettings {
        @Override
        public Optional<Duration> exhaustedAfter() {
            return Optional.of(Duration.ZERO);
        }
    }
}
