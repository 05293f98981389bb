package io.flinkstarters.health.internal;

import io.flinkstarters.health.DeadLetterReason;
import io.flinkstarters.health.avro.DeadLetter;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** A measurement that arrived after its window was final becomes a dead letter with reason {@code late}, never a silent drop. */
@Internal
public final class LateEventToDeadLetter extends ProcessFunction<DecodedEvent, DeadLetter> {

    private static final long serialVersionUID = 1L;

    private transient Counter lateEvents;

    @Override
    public void open(OpenContext context) {
        lateEvents = HealthMetrics.counter(getRuntimeContext(), HealthMetrics.LATE_EVENTS);
    }

    @Override
    public void processElement(DecodedEvent late, Context context, Collector<DeadLetter> out) {
        lateEvents.inc();
        out.collect(DeadLetters.of(
                late.raw(), DeadLetterReason.LATE.id(), context.timerService().currentProcessingTime()));
    }
}
