package io.flinkstarters.health;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.FlinkConfPassThrough;
import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.health.internal.DurationFormat;
import io.flinkstarters.recovery.RecoverySettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the job needs before it is built, validated the way the starters validate: first every
 * key of {@code flink.*} and {@code health.*} in one pass, so one {@link InvalidConfigurationException}
 * lists every problem; then, once the configuration is known to be sound, the checks that touch the
 * outside world: checkpoint storage and the restore point ({@link FlinkStarters#settings}) and the
 * broker's transaction limit ({@link BrokerTransactionLimit}).
 *
 * @param starters both starters' settings; {@code starters.toConfiguration()} configures the environment
 * @param health the job's own settings
 */
public record HealthJobStartup(StarterSettings starters, HealthJobSettings health) {

    private static final Logger LOG = LoggerFactory.getLogger(HealthJobStartup.class);

    /**
     * Validates a loaded configuration (see {@link io.flinkstarters.config.ConfigLoader}) and checks the
     * transaction timeout against the broker.
     *
     * @throws InvalidConfigurationException listing every problem
     */
    public static HealthJobStartup load(Config config, BrokerTransactionLimit broker) {
        ConfigReader reader = new ConfigReader(config.withFallback(ConfigFactory.defaultReference()).resolve());
        reader.checkUnknownKeys("flink", HealthJobSettings.PREFIX);
        CheckpointSettings checkpoint = CheckpointSettings.read(reader);
        RecoverySettings.read(reader, checkpoint);
        FlinkConfPassThrough.read(reader, modeledFlinkOptions());
        HealthJobSettings health = HealthJobSettings.read(reader, checkpoint);
        reader.throwIfInvalid();

        // The starters validate again (cheap, and already known to pass), then resolve storage and the restore point.
        StarterSettings starters = FlinkStarters.settings(config);
        broker.maxTransactionTimeout(health.kafka()).ifPresent(limit -> checkAgainstBroker(reader, health, limit));
        reader.throwIfInvalid();

        // flink.* warnings are logged by FlinkStarters already.
        reader.warnings().stream()
                .filter(warning -> warning.key() != null && warning.key().startsWith(HealthJobSettings.PREFIX + "."))
                .forEach(warning -> LOG.warn("Health consumer configuration: {}", warning));
        LOG.info("Health consumer effective settings:{}{}", System.lineSeparator(),
                String.join(System.lineSeparator(), reader.describeAll(HealthJobSettings.PREFIX).stream().map(line -> "  " + line).toList()));
        return new HealthJobStartup(starters, health);
    }

    private static void checkAgainstBroker(ConfigReader reader, HealthJobSettings health, Duration limit) {
        if (health.kafka().transactionTimeout().compareTo(limit) > 0) {
            reader.reject(HealthJobSettings.TRANSACTION_TIMEOUT,
                    "must not exceed the broker's transaction.max.timeout.ms (" + limit.toMillis() + " ms = " + DurationFormat.of(limit)
                            + "): the sinks' producers would fail in initTransactions; lower it or raise the broker's limit");
        }
    }

    /** The Flink options the starters own, so flink.conf cannot set them a second time (as FlinkStarters checks). */
    private static Map<ConfigOption<?>, String> modeledFlinkOptions() {
        Map<ConfigOption<?>, String> modeled = new HashMap<>(CheckpointSettings.MODELED_OPTIONS);
        modeled.putAll(RecoverySettings.MODELED_OPTIONS);
        return modeled;
    }
}
