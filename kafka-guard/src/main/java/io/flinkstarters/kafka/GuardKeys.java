package io.flinkstarters.kafka;

import io.flinkstarters.checkpoint.CheckpointSettings;
import org.apache.flink.annotation.Experimental;

/**
 * The keys the guard names in its problems, so a user is sent to the setting to fix: a job that reads
 * its Kafka settings from HOCON passes its own keys and the starters' checkpoint keys
 * ({@link #starters}); a job that configures its sink in code gets Flink's and Kafka's names
 * ({@link KafkaExactlyOnceGuard#check(org.apache.flink.streaming.api.environment.StreamExecutionEnvironment,
 * String, java.util.Properties)}).
 *
 * @param owner who needs exactly-once, as problems name it ("the health consumer job")
 */
@Experimental
public record GuardKeys(
        String owner,
        String checkpointEnabled,
        String checkpointMode,
        String checkpointInterval,
        String checkpointTimeout,
        String checkpointMinPause,
        String transactionalIdPrefix,
        String transactionTimeout,
        String bootstrapServers) {

    /** A HOCON-driven job's keys, with the checkpoint starter's {@code flink.checkpoint.*} keys. */
    public static GuardKeys starters(
            String owner, String transactionalIdPrefix, String transactionTimeout, String bootstrapServers) {
        return new GuardKeys(
                owner,
                CheckpointSettings.ENABLED.key(),
                CheckpointSettings.MODE.key(),
                CheckpointSettings.INTERVAL.key(),
                CheckpointSettings.TIMEOUT.key(),
                CheckpointSettings.MIN_PAUSE.key(),
                transactionalIdPrefix,
                transactionTimeout,
                bootstrapServers);
    }
}
