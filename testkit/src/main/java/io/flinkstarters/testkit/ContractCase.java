package io.flinkstarters.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;

/**
 * One cell of the contract's matrix: the state backend a fault runs on and the seed that times it.
 * Which cells run is chosen with system properties (Maven passes {@code -D} options on to the tests):
 *
 * <ul>
 *   <li>{@code testkit.backends}: {@code job} (the default: the job's own backend), or a list such as
 *       {@code rocksdb,hashmap} (each overrides {@code flink.checkpoint.state-backend.type});
 *   <li>{@code testkit.seeds}: how many seeds per backend (default 1);
 *   <li>{@code testkit.seed}: the first seed (default 1); the others follow it, so a failing cell
 *       replays with {@code -Dtestkit.seed=<its seed> -Dtestkit.seeds=1};
 *   <li>{@code testkit.faults}: which {@link ContractFault}s run, e.g. {@code KAFKA_BLACKHOLE,KAFKA_CONNECTION_RESET}
 *       (default: all); the others are skipped, saying so.
 * </ul>
 *
 * @param backend empty for the job's own backend
 */
@PublicEvolving
public record ContractCase(Optional<String> backend, long seed) {

    public static final String BACKENDS = "testkit.backends";
    public static final String SEEDS = "testkit.seeds";
    public static final String FIRST_SEED = "testkit.seed";
    public static final String FAULTS = "testkit.faults";
    private static final String JOB_BACKEND = "job";

    /** The cells the system properties ask for. */
    public static List<ContractCase> matrix() {
        long first = Long.parseLong(System.getProperty(FIRST_SEED, "1").trim());
        int seeds = Integer.parseInt(System.getProperty(SEEDS, "1").trim());
        List<ContractCase> cases = new ArrayList<>();
        for (String backend : System.getProperty(BACKENDS, JOB_BACKEND).split(",")) {
            String name = backend.trim().toLowerCase(Locale.ROOT);
            for (int i = 0; i < seeds; i++) {
                cases.add(new ContractCase(name.equals(JOB_BACKEND) ? Optional.empty() : Optional.of(name), first + i));
            }
        }
        return cases;
    }

    /** Whether {@code testkit.faults} selects {@code fault} (all are selected when it is not set). */
    public static boolean selects(ContractFault fault) {
        String faults = System.getProperty(FAULTS, "").trim();
        return faults.isEmpty()
                || Arrays.stream(faults.split(",")).map(String::trim).anyMatch(fault.name()::equalsIgnoreCase);
    }

    /** The timing this cell's seed gives a fault. */
    public ContractTiming timing() {
        return ContractTiming.of(seed);
    }

    /** As the test's display name shows it, e.g. {@code hashmap, seed 3}; the seed replays the run. */
    @Override
    public String toString() {
        return backend.orElse("the job's backend") + ", seed " + seed;
    }
}
