package io.flinkstarters.health.internal;

import io.flinkstarters.health.DeadLetterReason;
import io.flinkstarters.health.avro.DeadLetter;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Counts dead letters by the (first) rule their reason names, in the one place every dead letter
 * passes: right before the dead-letter sink, whichever step rejected the record.
 */
@Internal
public final class CountDeadLetters extends RichMapFunction<DeadLetter, DeadLetter> {

    private static final long serialVersionUID = 1L;

    private transient Map<DeadLetterReason, Counter> byReason;

    @Override
    public void open(OpenContext context) {
        byReason = HealthMetrics.deadLettersByReason(getRuntimeContext());
    }

    @Override
    public DeadLetter map(DeadLetter deadLetter) {
        // Every reason is built from a DeadLetterReason, so one always matches.
        DeadLetterReason.of(deadLetter.getReason()).map(byReason::get).ifPresent(Counter::inc);
        return deadLetter;
    }
}
