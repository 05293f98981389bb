package io.flinkstarters.benchmarks;

import io.flinkstarters.benchmarks.checkpoints.CheckpointBenchmark;
import io.flinkstarters.benchmarks.decode.DecodeRunner;
import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.benchmarks.recovery.RecoveryBenchmark;
import io.flinkstarters.benchmarks.report.Machine;
import io.flinkstarters.benchmarks.report.Progress;
import io.flinkstarters.benchmarks.report.ResultsDoc;
import io.flinkstarters.benchmarks.throughput.ThroughputBenchmark;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark runner: {@code -Dbench=throughput|recovery|checkpoints|decode|all} (see docs/BENCHMARKS.md).
 * Each benchmark prints progress and finishes by writing its section of {@code -Dbench.doc} (the date,
 * the machine, the load average, the command that reproduces it, its parameters and its tables).
 * {@code -Dbench.smoke=true} runs everything with tiny parameters and writes nothing.
 */
public final class Bench {

    /** Every benchmark, in the order {@code all} runs them. */
    static List<Benchmark<?>> all() {
        return List.of(
                new ThroughputBenchmark(), new RecoveryBenchmark(), new CheckpointBenchmark(), new DecodeRunner());
    }

    private Bench() {}

    public static void main(String[] args) throws Exception {
        String which = System.getProperty("bench", "all");
        List<Benchmark<?>> selected = new ArrayList<>();
        for (Benchmark<?> benchmark : all()) {
            if (which.equals("all") || which.equals(benchmark.name())) {
                selected.add(benchmark);
            }
        }
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("-Dbench=" + which + ": not one of all, "
                    + all().stream().map(Benchmark::name).toList());
        }
        boolean smoke = BenchParams.fromSystemProperties().isSmoke();
        ResultsDoc doc = smoke ? null : new ResultsDoc(Path.of(System.getProperty("bench.doc", "docs/BENCHMARKS.md")));
        Progress.say(
                "benchmarks %s on %s; load average %s",
                selected.stream().map(Benchmark::name).toList(), Machine.describe(), Machine.loadAverage());
        BenchStack stack = selected.stream().anyMatch(Benchmark::needsStack) ? BenchStack.start() : null;
        try {
            for (Benchmark<?> benchmark : selected) {
                String loadBefore = Machine.loadAverage();
                Instant started = Instant.now();
                // Its own parameters, so that its command names only what it read.
                BenchParams params = BenchParams.fromSystemProperties();
                Benchmark.Result result = benchmark.run(stack, params);
                String section = header(benchmark, started, loadBefore, params) + "\n" + result.markdown();
                System.out.println();
                System.out.println(section);
                if (doc != null) {
                    doc.replace(benchmark.name(), section);
                    Progress.say("%s: results written to %s", benchmark.name(), System.getProperty("bench.doc"));
                }
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
        // Flink, Kafka and s3proxy leave non-daemon threads behind; the results are written.
        System.exit(0);
    }

    private static String header(Benchmark<?> benchmark, Instant started, String loadBefore, BenchParams params) {
        long seconds = ChronoUnit.SECONDS.between(started, Instant.now());
        return "Measured " + started.truncatedTo(ChronoUnit.SECONDS) + " in " + seconds + " s on " + Machine.describe()
                + "; load average " + loadBefore + " before, " + Machine.loadAverage() + " after.\n"
                + "Command: `./mvnw -B -q -pl benchmarks -am -Pbench " + benchmark.mavenPhase() + " -Dbench="
                + benchmark.name()
                + (params.describe().isEmpty() ? "" : " -Dbench.args=\"" + params.describe() + "\"") + "`\n";
    }
}
