package io.flinkstarters.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.health.RawEvent;
import io.flinkstarters.health.avro.DeadLetter;
import io.flinkstarters.health.avro.HealthAggregate;
import io.flinkstarters.health.avro.HealthEvent;
import io.flinkstarters.health.avro.MetricType;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * Everything that crosses an operator boundary or lives in state has a Flink-native serializer: records
 * as POJOs, Avro classes with Avro, a decoded event as its raw record. A Kryo fallback would be slow and would break state compatibility
 * on the first field change.
 */
class TypeInformationTest {

    @Test
    void pipelineRecordsArePojos() {
        assertThat(TypeInformation.of(RawEvent.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(UserMetric.TYPE).isInstanceOf(PojoTypeInfo.class);
        assertThat(MetricStats.TYPE).isInstanceOf(PojoTypeInfo.class);
        // Between operators a decoded event travels as its raw record (DecodedEventSerializerTest).
        assertThat(DecodedEvent.TYPE.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(DecodedEventSerializer.class);
    }

    @Test
    void avroRecordsUseAvro() {
        assertThat(TypeInformation.of(HealthEvent.class)).isInstanceOf(AvroTypeInfo.class);
        assertThat(TypeInformation.of(HealthAggregate.class)).isInstanceOf(AvroTypeInfo.class);
        assertThat(DeadLetters.TYPE).isInstanceOf(AvroTypeInfo.class);
        assertThat(TypeInformation.of(DeadLetter.class)).isEqualTo(DeadLetters.TYPE);
    }

    @Test
    void theWindowKeyHashesTheSameInEveryJvm() {
        // String-based: an enum's identity hash would send one key to different key groups on different TaskManagers.
        assertThat(UserMetric.of("user-1", MetricType.STEPS).hashCode())
                .isEqualTo(new UserMetric("user-1", "STEPS").hashCode());
        assertThat(UserMetric.TYPE.isKeyType()).isTrue();
    }
}
