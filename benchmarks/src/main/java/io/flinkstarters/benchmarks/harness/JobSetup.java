package io.flinkstarters.benchmarks.harness;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.health.HealthJobSettings;
import io.flinkstarters.testkit.ObjectStore;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * The settings of one benchmark job: its Flink configuration (from the starters, checkpointing as the
 * {@link RunConfig} says and all else the shipped defaults; or, for {@link RunConfig.Backend#ROCKSDB_FLINK_DEFAULTS},
 * written by hand), whether the job reuses objects, and the health job's settings (its defaults, pointed at this
 * run's topics and broker).
 *
 * <p>The two are validated apart on purpose: the job's own rules insist on exactly-once checkpoints,
 * because its sinks are exactly-once; the benchmark builds the same pipeline with sinks of the guarantee
 * under test ({@link BenchJob}), and checkpointing is exactly what it varies.
 *
 * @param objectReuse the job's own choice (on); off for the hand-written reference, as Flink's default
 */
public record JobSetup(Configuration flink, boolean objectReuse, HealthJobSettings health) {

    /** The job's defaults from its reference.conf (windows, rules), for generating data it accepts. */
    static HealthJobSettings healthDefaults() {
        return HealthJobSettings.from(ConfigFactory.empty());
    }

    /**
     * @param run names the consumer group, transactional ids, output topics and checkpoint directory
     * @param extraHocon more starter settings, e.g. the restart strategy of the recovery benchmark
     */
    public static JobSetup of(
            RunConfig config,
            String run,
            String eventsTopic,
            String bootstrapServers,
            ObjectStore store,
            String extraHocon) {
        HealthJobSettings health =
                HealthJobSettings.from(ConfigFactory.parseString(healthHocon(run, eventsTopic, bootstrapServers)));
        if (!config.backend().startersTuning()) {
            return new JobSetup(handWritten(config, store.uri("checkpoints/" + run)), false, health);
        }
        // In this JVM the job's settings carry the store's S3 access; on a process cluster it is the cluster's
        // (config.yaml).
        StarterSettings starters = FlinkStarters.settings(ConfigLoader.load(
                ConfigFactory.parseString(startersHocon(config, run, store, extraHocon) + store.starterHocon()),
                Map.of()));
        return new JobSetup(starters.toConfiguration(), true, health);
    }

    /**
     * What a job configured without the starters sets: the backend, and checkpointing as the other rows of the
     * table (interval, mode, min-pause, directory). The store's S3 access is already in the JVM's file systems.
     */
    private static Configuration handWritten(RunConfig config, String checkpointDir) {
        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, config.backend().type);
        config.interval().ifPresent(interval -> {
            flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
            flink.set(
                    CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                    config.guarantee() == DeliveryGuarantee.EXACTLY_ONCE
                            ? CheckpointingMode.EXACTLY_ONCE
                            : CheckpointingMode.AT_LEAST_ONCE);
            flink.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, config.minPause());
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
        });
        return flink;
    }

    /**
     * Both parts as one application.conf, the file the job's own main reads ({@code flink run <jar> --config <file>});
     * without S3 access, which a real cluster has in its config.yaml. Exactly-once only: the job's main validates both together.
     */
    public static String applicationConf(
            RunConfig config,
            String run,
            String eventsTopic,
            String bootstrapServers,
            ObjectStore store,
            String extraHocon) {
        return startersHocon(config, run, store, extraHocon) + healthHocon(run, eventsTopic, bootstrapServers);
    }

    private static String startersHocon(RunConfig config, String run, ObjectStore store, String extraHocon) {
        return config.checkpointHocon(store.uri("checkpoints/" + run)) + extraHocon + "\n";
    }

    private static String healthHocon(String run, String eventsTopic, String bootstrapServers) {
        return """
                health {
                  kafka { bootstrap-servers = "%s", group-id = "%s", transactional-id-prefix = "%s" }
                  topics { events = "%s", aggregates = "%s", dead-letters = "%s" }
                  parallelism = %d
                }
                """.formatted(
                        bootstrapServers,
                        run,
                        run,
                        eventsTopic,
                        aggregatesTopic(run),
                        deadLettersTopic(run),
                        BenchStack.PARALLELISM);
    }

    public static String aggregatesTopic(String run) {
        return "aggregates-" + run;
    }

    public static String deadLettersTopic(String run) {
        return "dead-letters-" + run;
    }
}
