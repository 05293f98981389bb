package io.flinkstarters;

import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.recovery.RecoverySettings;
import io.flinkstarters.recovery.RestorePoint;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;

/**
 * Both starters' validated settings, the raw pass-through keys and the resolved restore point:
 * everything needed to configure a job, produced by {@link FlinkStarters#settings}.
 *
 * @param passThrough raw Flink keys from {@code flink.conf}
 * @param restorePoint what the job will restore from, if anything
 * @param summary the effective settings with their origins, secrets masked (see {@link #describe()})
 */
public record StarterSettings(
        CheckpointSettings checkpoint,
        RecoverySettings recovery,
        Map<String, String> passThrough,
        Optional<RestorePoint> restorePoint,
        String summary) {

    /** The Flink configuration: pass-through keys first, then the starters' typed options. */
    public Configuration toConfiguration() {
        Configuration configuration = Configuration.fromMap(passThrough);
        configuration.addAll(checkpoint.toConfiguration());
        configuration.addAll(recovery.toConfiguration(restorePoint.map(RestorePoint::path)));
        return configuration;
    }

    /** The effective settings, one per line with its origin, secrets masked; safe to log. */
    public String describe() {
        return summary;
    }
}
