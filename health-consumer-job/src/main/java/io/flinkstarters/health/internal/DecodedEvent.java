package io.flinkstarters.health.internal;

import io.flinkstarters.health.RawEvent;
import io.flinkstarters.health.avro.HealthEvent;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A decoded measurement together with the record it was decoded from, so a later rejection (late)
 * can still produce a dead letter with the original bytes and origin.
 *
 * <p>Invariant: {@code event} is what {@code raw.value()} decodes to ({@link DecodeFunction} builds them
 * so); between operators only the raw record travels and is decoded again ({@link DecodedEventSerializer}).
 */
@Internal
public record DecodedEvent(HealthEvent event, RawEvent raw) {

    /** Flink's type for it: the raw record on the wire, no Avro serializer and no Kryo. */
    public static final TypeInformation<DecodedEvent> TYPE = new DecodedEventTypeInfo();
}
