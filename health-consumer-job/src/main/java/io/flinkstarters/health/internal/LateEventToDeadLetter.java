package io.flinkstarters.health.internal;

import io.flinkstarters.health.DeadLetterReason;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import io.flinkstarters.health.avro.DeadLetter;
import org.apache.flink.util.Collector;

/** A measurement that arrived after its window was final becomes a dead letter with reason {@code late}, never a silent drop. */
public final class LateEventToDeadLetter extends ProcessFunction<DecodedEvent, DeadLetter> {

    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(DecodedEvent late, Context context, Collector<DeadLetter> out) {
        out.collect(DeadLetters.of(late.raw(), DeadLetterReason.LATE.id(), context.timerService().currentProcessingTime()));
    }
}
