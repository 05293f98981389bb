package io.flinkstarters.recovery;

import org.apache.flink.annotation.PublicEvolving;

/** The restart strategies {@code flink.recovery.restart-strategy.type} accepts. */
@PublicEvolving
public enum RestartStrategyType {
    FIXED_DELAY,
    FAILURE_RATE,
    EXPONENTIAL_DELAY,
    NONE
}
