package io.flinkstarters.benchmarks.harness;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.health.HealthJobSettings;
import io.flinkstarters.testkit.ObjectStore;
import java.util.Map;

/**
 * The settings of one benchmark job: the starters' (checkpointing as the {@link RunConfig} says, all else
 * the shipped defaults) and the health job's (its defaults, pointed at this run's topics and broker).
 *
 * <p>The two are validated apart on purpose: the job's own rules insist on exactly-once checkpoints,
 * because its sinks are exactly-once; the benchmark builds the same pipeline with sinks of the guarantee
 * under test ({@link BenchJob}), and checkpointing is exactly what it varies.
 */
public record JobSetup(StarterSettings starters, HealthJobSettings health) {

    /** The job's defaults from its reference.conf (windows, rules), for generating data it accepts. */
    static HealthJobSettings healthDefaults() {
        return HealthJobSettings.from(ConfigFactory.empty());
    }

    /**
     * @param run names the consumer group, transactional ids, output topics and checkpoint directory
     * @param extraHocon more starter settings, e.g. the restart strategy of the recovery benchmark
     */
    public static JobSetup of(RunConfig config, String run, String eventsTopic, String bootstrapServers, ObjectStore store, String extraHocon) {
        StarterSettings starters = FlinkStarters.settings(ConfigLoader.load(
                ConfigFactory.parseString(config.checkpointHocon(store.uri("checkpoints/" + run)) + store.starterHocon() + extraHocon), Map.of()));
        HealthJobSettings health = HealthJobSettings.from(ConfigFactory.parseString("""
                health {
                  kafka { bootstrap-servers = "%s", group-id = "%s", transactional-id-prefix = "%s" }
                  topics { events = "%s", aggregates = "%s", dead-letters = "%s" }
                  parallelism = %d
                }
                """.formatted(bootstrapServers, run, run, eventsTopic, aggregatesTopic(run), deadLettersTopic(run), BenchStack.PARALLELISM)));
        return new JobSetup(starters, health);
    }

    public static String aggregatesTopic(String run) {
        return "aggregates-" + run;
    }

    public static String deadLettersTopic(String run) {
        return "dead-letters-" + run;
    }
}
