package io.flinkstarters.benchmarks;

import io.flinkstarters.benchmarks.harness.BenchStack;

/** One benchmark: runs on a shared {@link BenchStack} (or none) and returns its results as Markdown. */
public interface Benchmark<R extends Benchmark.Result> {

    /** Its name on the command line ({@code -Dbench=NAME}) and in docs/BENCHMARKS.md's generated region. */
    String name();

    /** Whether it needs the Kafka broker, object store and MiniCluster. */
    default boolean needsStack() {
        return true;
    }

    /** The Maven phase its command needs: later than the profile's process-classes if it uses another module's packaged jar. */
    default String mavenPhase() {
        return "process-classes";
    }

    R run(BenchStack stack, BenchParams params) throws Exception;

    /** What a benchmark found. */
    interface Result {
        /** Tables and notes for docs/BENCHMARKS.md. */
        String markdown();
    }
}
