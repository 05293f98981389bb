package io.flinkstarters;

import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.PreflightSettings;
import io.flinkstarters.config.Problem;
import io.flinkstarters.config.Secret;
import io.flinkstarters.metrics.MetricsSettings;
import io.flinkstarters.recovery.RecoverySettings;
import io.flinkstarters.recovery.RestorePoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;

/**
 * Both starters' validated settings, the raw pass-through keys and the resolved restore point:
 * everything needed to configure a job, produced by {@link FlinkStarters#settings}.
 *
 * @param preflight whether and how long to check the outside world before the job is built (the
 *     starters probe the storage; a job adds its own checks, e.g. its brokers and topics)
 * @param passThrough raw Flink keys from {@code flink.conf}
 * @param restorePoint what the job will restore from, if anything
 * @param warnings what does not stop the job but deserves a look (settings that cannot take effect,
 *     unknown keys with {@code flink.starters.unknown-keys = warn}, ...), also listed in the summary
 * @param summary the effective settings with their origins, secrets masked (see {@link #describe()})
 */
@PublicEvolving
public record StarterSettings(
        CheckpointSettings checkpoint,
        RecoverySettings recovery,
        MetricsSettings metrics,
        PreflightSettings preflight,
        Map<String, String> passThrough,
        Optional<RestorePoint> restorePoint,
        List<Problem> warnings,
        String summary) {

    public StarterSettings {
        passThrough = Map.copyOf(passThrough);
        warnings = List.copyOf(warnings);
    }

    /** The Flink configuration: pass-through keys first, then the starters' typed options. */
    public Configuration toConfiguration() {
        Configuration configuration = Configuration.fromMap(passThrough);
        configuration.addAll(checkpoint.toConfiguration());
        configuration.addAll(recovery.toConfiguration(restorePoint.map(RestorePoint::path)));
        configuration.addAll(metrics.toConfiguration());
        return configuration;
    }

    /**
     * The part of {@link #toConfiguration()} that Flink reads from the cluster's configuration
     * rather than the job's (retained checkpoints, local recovery, S3 access, failover strategy,
     * metric reporters).
     * Local runs and the testkit's MiniCluster start their cluster with it; on a session cluster
     * these keys belong in the cluster's {@code config.yaml}.
     */
    public Configuration clusterConfiguration() {
        return FlinkStarters.TABLE.clusterPart(toConfiguration());
    }

    /** Like the record's own, but pass-through values of secret keys and credentials in URIs are masked. */
    @Override
    public String toString() {
        Map<String, String> maskedPassThrough = new TreeMap<>();
        passThrough.forEach((key, value) -> maskedPassThrough.put(key, Secret.redact(key, value)));
        return "StarterSettings[checkpoint=" + checkpoint + ", recovery=" + recovery + ", metrics=" + metrics
                + ", preflight=" + preflight
                + ", passThrough=" + maskedPassThrough
                + ", restorePoint=" + restorePoint + ", warnings=" + warnings + "]";
    }

    /** The effective settings, one per line with its origin, secrets masked; safe to log. */
    public String describe() {
        return summary;
    }
}
