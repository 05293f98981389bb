package io.flinkstarters.corpus;

import io.flinkstarters.StarterSettings;
import java.io.IOException;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.DefaultCompletedCheckpointStoreUtils;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategyFactoryLoader;
import org.apache.flink.runtime.heartbeat.HeartbeatServices;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.DynamicCodeLoadingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink's own validation of a configuration, without starting a cluster: what Flink checks when the
 * environment is built (checkpoint settings), when the job graph is built (checkpoint coordinator,
 * unaligned checkpoints), and when the JobManager starts the job (state backend, checkpoint storage,
 * restart strategy, heartbeats, retained checkpoints). Throws where Flink would refuse the job, or
 * silently run it with another value than the one configured.
 */
public final class FlinkAcceptance {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkAcceptance.class);

    private FlinkAcceptance() {}

    /** The starters' job and cluster configuration, as a local run uses them (the job's configuration is the cluster's). */
    public static void check(StarterSettings settings) {
        Configuration job = settings.toConfiguration();
        Configuration cluster = new Configuration(job);
        cluster.addAll(settings.clusterConfiguration());
        check(job, cluster);
    }

    /** A job configuration and the cluster configuration it runs on. */
    public static void check(Configuration job, Configuration cluster) {
        ClassLoader loader = FlinkAcceptance.class.getClassLoader();
        CheckpointConfig checkpoint = new CheckpointConfig();
        checkpoint.configure(job);
        checkpoint.getCheckpointIntervalDuringBacklog();
        try {
            StateBackendLoader.loadStateBackendFromConfig(job, loader, LOG);
        } catch (IOException | DynamicCodeLoadingException e) {
            throw new IllegalArgumentException(e);
        }
        if ("filesystem".equals(job.get(CheckpointingOptions.CHECKPOINT_STORAGE))
                || job.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isPresent()) {
            FileSystemCheckpointStorage.createFromConfig(job, loader);
        }
        RestartBackoffTimeStrategyFactoryLoader.createRestartBackoffTimeStrategyFactory(
                        job, cluster, checkpoint.isCheckpointingEnabled())
                .create();
        HeartbeatServices.fromConfiguration(cluster);
        cluster.getOptional(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS).ifPresent(retained -> {
            int kept = DefaultCompletedCheckpointStoreUtils.getMaximumNumberOfRetainedCheckpoints(cluster, LOG);
            if (kept != retained) {
                throw new IllegalArgumentException(
                        "Flink keeps " + kept + " checkpoints, not the " + retained + " configured");
            }
        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(job);
        env.fromSequence(1, 10).keyBy(n -> n % 2).reduce(Long::sum).uid("sum").sinkTo(new DiscardingSink<>());
        env.getStreamGraph().getJobGraph();
    }
}
