package io.flinkstarters.health;

import com.typesafe.config.Config;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.ValidatedSettings;
import io.flinkstarters.config.InvalidConfigurationException;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Everything the job needs before it is built, validated the way the starters validate: every key of
 * {@code flink.*} and {@code health.*} in one pass ({@link FlinkStarters#settings(Config,
 * io.flinkstarters.ApplicationSection)} with {@link HealthJobSettings#SECTION}); then, once the
 * configuration is known to be sound and unless {@code flink.starters.preflight.enabled = false}, the
 * checks against the outside world: checkpoint storage writable (the starters), brokers reachable,
 * topics present and the transaction timeout within the broker's limit (the job's section). One
 * {@link InvalidConfigurationException} lists every problem found.
 *
 * @param starters both starters' settings; {@code starters.toConfiguration()} configures the environment
 * @param health the job's own settings
 */
@PublicEvolving
public record HealthJobStartup(StarterSettings starters, HealthJobSettings health) {

    /**
     * Validates a loaded configuration (see {@link io.flinkstarters.config.ConfigLoader}) and runs the
     * preflight checks. The effective settings (secrets masked) and any warnings are logged by
     * {@link FlinkStarters}.
     *
     * @throws InvalidConfigurationException listing every problem
     */
    public static HealthJobStartup load(Config config) {
        ValidatedSettings<HealthJobSettings> validated = FlinkStarters.settings(config, HealthJobSettings.SECTION);
        return new HealthJobStartup(validated.starters(), validated.application());
    }
}
