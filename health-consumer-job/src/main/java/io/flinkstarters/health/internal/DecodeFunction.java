package io.flinkstarters.health.internal;

import io.flinkstarters.health.DeadLetterReason;
import io.flinkstarters.health.RawEvent;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Decodes raw records; what is not a HealthEvent goes to the dead-letter side output with reason {@code undecodable}. */
@Internal
public final class DecodeFunction extends ProcessFunction<RawEvent, DecodedEvent> {

    private static final long serialVersionUID = 1L;

    private transient HealthEventDecoder decoder;
    private transient Counter eventsIn;

    @Override
    public void open(OpenContext context) {
        decoder = new HealthEventDecoder();
        eventsIn = HealthMetrics.counter(getRuntimeContext(), HealthMetrics.EVENTS_IN);
    }

    @Override
    public void processElement(RawEvent raw, Context context, Collector<DecodedEvent> out) {
        eventsIn.inc();
        HealthEventDecoder.Result result = decoder.decode(raw.value());
        if (result.event().isPresent()) {
            out.collect(new DecodedEvent(result.event().get(), raw));
        } else {
            context.output(
                    DeadLetters.TAG,
                    DeadLetters.of(
                            raw,
                            DeadLetterReason.UNDECODABLE.format(result.failure().orElseThrow()),
                            context.timerService().currentProcessingTime()));
        }
    }
}
