package io.flinkstarters.health.internal;

import io.flinkstarters.health.DeadLetterReason;

/** One rule a measurement breaks, and how. */
public record Violation(DeadLetterReason rule, String detail) {

    /** {@code <rule>: <detail>}, as it appears in a dead letter's reason. */
    public String reason() {
        return rule.format(detail);
    }
}
