package io.flinkstarters.health.internal;

import io.flinkstarters.health.RawEvent;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands every Kafka record on untouched, with its origin. It interprets nothing, so it cannot throw:
 * an exception here would fail the source and restart the job on every bad record, forever.
 * Decoding happens downstream, where a failure becomes a dead letter.
 */
@Internal
public final class RawEventDeserializer implements KafkaRecordDeserializationSchema<RawEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawEvent> out) {
        out.collect(new RawEvent(
                record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(), record.value()));
    }

    @Override
    public TypeInformation<RawEvent> getProducedType() {
        return TypeInformation.of(RawEvent.class);
    }
}
