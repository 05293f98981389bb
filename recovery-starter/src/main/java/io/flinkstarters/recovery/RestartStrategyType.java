package io.flinkstarters.recovery;

/** The restart strategies {@code flink.recovery.restart-strategy.type} accepts. */
public enum RestartStrategyType {
    FIXED_DELAY,
    FAILURE_RATE,
    EXPONENTIAL_DELAY,
    NONE
}
