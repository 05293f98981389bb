package io.flinkstarters.benchmarks.harness;

import io.flinkstarters.benchmarks.BenchParams;

/** The input data's shape from the run's parameters, shared by the benchmarks that read a pre-filled topic. */
public final class Shapes {

    private Shapes() {}

    /**
     * @param events how many measurements
     */
    public static EventFeed.Shape of(BenchParams params, int events) {
        return new EventFeed.Shape(
                events,
                params.integer("users", 1_000, 100),
                params.integer("spacing-ms", 1, 1000),
                params.decimal("duplicates", 0.02, 0.02),
                params.decimal("invalid", 0.01, 0.01),
                params.decimal("undecodable", 0.005, 0.005),
                42);
    }
}
