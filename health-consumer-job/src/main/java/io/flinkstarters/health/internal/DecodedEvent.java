package io.flinkstarters.health.internal;

import io.flinkstarters.health.RawEvent;
import io.flinkstarters.health.avro.HealthEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A decoded measurement together with the record it was decoded from, so a later rejection (late)
 * can still produce a dead letter with the original bytes and origin.
 */
public record DecodedEvent(HealthEvent event, RawEvent raw) {

    /** Flink analyses the record as a POJO whose event field is Avro-serialized; no Kryo anywhere. */
    public static final TypeInformation<DecodedEvent> TYPE = TypeInformation.of(DecodedEvent.class);
}
