package io.flinkstarters.health.internal;

import io.flinkstarters.health.DeadLetterReason;
import org.apache.flink.annotation.Internal;

/** One rule a measurement breaks, and how. */
@Internal
public record Violation(DeadLetterReason rule, String detail) {

    /** {@code <rule>: <detail>}, as it appears in a dead letter's reason. */
    public String reason() {
        return rule.format(detail);
    }
}
