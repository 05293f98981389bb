package io.flinkstarters.recovery;

import java.util.Locale;
import org.apache.flink.annotation.PublicEvolving;

/** The restart strategies {@code flink.recovery.restart-strategy.type} accepts. */
@PublicEvolving
public enum RestartStrategyType {
    FIXED_DELAY,
    FAILURE_RATE,
    EXPONENTIAL_DELAY,
    NONE;

    /** The value of Flink's {@code restart-strategy.type}. */
    public String flinkName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
