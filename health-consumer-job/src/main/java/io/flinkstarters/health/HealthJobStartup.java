package io.flinkstarters.health;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.ValidatedSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.DurationFormat;
import java.time.Duration;

/**
 * Everything the job needs before it is built, validated the way the starters validate: first every
 * key of {@code flink.*} and {@code health.*} in one pass ({@link FlinkStarters#settings(Config,
 * io.flinkstarters.ApplicationSection)} with {@link HealthJobSettings#SECTION}), so one
 * {@link InvalidConfigurationException} lists every problem; then, once the configuration is known to
 * be sound, the checks that touch the outside world: checkpoint storage and the restore point (the
 * starters) and the broker's transaction limit ({@link BrokerTransactionLimit}).
 *
 * @param starters both starters' settings; {@code starters.toConfiguration()} configures the environment
 * @param health the job's own settings
 */
public record HealthJobStartup(StarterSettings starters, HealthJobSettings health) {

    /**
     * Validates a loaded configuration (see {@link io.flinkstarters.config.ConfigLoader}) and checks the
     * transaction timeout against the broker. The effective settings of both (secrets masked) and any
     * warnings are logged by {@link FlinkStarters}.
     *
     * @throws InvalidConfigurationException listing every problem
     */
    public static HealthJobStartup load(Config config, BrokerTransactionLimit broker) {
        ValidatedSettings<HealthJobSettings> validated = FlinkStarters.settings(config, HealthJobSettings.SECTION);
        HealthJobSettings health = validated.application();
        broker.maxTransactionTimeout(health.kafka()).ifPresent(limit -> checkAgainstBroker(config, health, limit));
        return new HealthJobStartup(validated.starters(), health);
    }

    /** The outside-world step: the broker's limit, reported like any other problem (key, value, origin, rule). */
    private static void checkAgainstBroker(Config config, HealthJobSettings health, Duration limit) {
        if (health.kafka().transactionTimeout().compareTo(limit) > 0) {
            ConfigReader reader = new ConfigReader(config.withFallback(ConfigFactory.defaultReference()).resolve());
            reader.reject(HealthJobSettings.TRANSACTION_TIMEOUT,
                    "must not exceed the broker's transaction.max.timeout.ms (" + limit.toMillis() + " ms = " + DurationFormat.of(limit)
                            + "): the sinks' producers would fail in initTransactions; lower it or raise the broker's limit");
            reader.throwIfInvalid();
        }
    }
}
