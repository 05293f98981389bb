package io.flinkstarters.health;

import java.time.Duration;
import java.util.Optional;

/**
 * Asks the Kafka cluster for the longest transaction timeout it accepts ({@code transaction.max.timeout.ms}).
 * A sink whose {@code transaction.timeout.ms} is above it fails in {@code initTransactions}, only once
 * the job is running; {@link HealthJobStartup} asks before.
 */
@FunctionalInterface
public interface BrokerTransactionLimit {

    /** The broker's limit, or empty when the broker could not tell in time (the check is then skipped). */
    Optional<Duration> maxTransactionTimeout(KafkaSettings kafka);
}
