package io.flinkstarters.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.flinkstarters.health.AvroBytes;
import io.flinkstarters.health.TestEvents;
import io.flinkstarters.health.avro.HealthEvent;
import io.flinkstarters.health.avro.MetricType;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

class HealthEventDecoderTest {

    private final HealthEventDecoder decoder = new HealthEventDecoder();

    @Test
    void readsExactlyTheFieldsOfTheSchema() {
        Schema schema = HealthEvent.getClassSchema();

        assertThat(schema.getFields().stream().map(field -> field.name() + ": " + describe(field.schema())))
                .as(
                        "HealthEvent.avsc changed: HealthEventDecoder reads these fields in this order; update it together with the schema")
                .containsExactly(
                        "eventId: string as String",
                        "userId: string as String",
                        "deviceId: string as String",
                        "metricType: enum io.flinkstarters.health.avro.MetricType",
                        "value: double",
                        "unit: string as String",
                        "eventTime: long timestamp-millis",
                        "source: union [null, string as String]");
        // The decoder maps an enum index to MetricType.values()[index]: the generated enum must keep the schema's
        // order.
        assertThat(Stream.of(MetricType.values()).map(Enum::name).toList())
                .as("MetricType's constants in the schema's symbol order")
                .isEqualTo(schema.getField("metricType").schema().getEnumSymbols());
    }

    @Test
    void decodesAValidEventWithEveryField() {
        HealthEvent event = TestEvents.event(MetricType.BODY_TEMPERATURE, 36.9, "celsius")
                .setEventTime(Instant.parse("2025-03-04T05:06:07.891Z"))
                .setSource("garmin-connect")
                .build();

        HealthEventDecoder.Result result = decoder.decode(AvroBytes.encode(event));

        assertThat(result.failure()).isEmpty();
        assertThat(result.event()).contains(event);
        assertThat(result.event().get().getEventTime()).isEqualTo(Instant.parse("2025-03-04T05:06:07.891Z"));
    }

    @Test
    void decodesAnEventWithoutSource() {
        HealthEvent event = TestEvents.heartRate(64).setSource(null).build();

        assertThat(decoder.decode(AvroBytes.encode(event)).event()).contains(event);
    }

    @Test
    void garbageIsUndecodable() {
        byte[] garbage =
                "this is not avro, it is a log line that ended up on the wrong topic".getBytes(StandardCharsets.UTF_8);

        HealthEventDecoder.Result result = decoder.decode(garbage);

        assertThat(result.event()).isEmpty();
        assertThat(result.failure()).isPresent();
    }

    @Test
    void everyTruncationOfAValidEventIsUndecodable() {
        byte[] valid =
                AvroBytes.encode(TestEvents.steps(120).setSource("apple-health").build());

        for (int length = 1; length < valid.length; length++) {
            HealthEventDecoder.Result result = decoder.decode(Arrays.copyOf(valid, length));
            assertThat(result.failure())
                    .as("first %d of %d bytes", length, valid.length)
                    .isPresent();
        }
        assertThat(decoder.decode(Arrays.copyOf(valid, valid.length / 2))
                        .failure()
                        .orElseThrow())
                .startsWith("truncated");
    }

    @Test
    void emptyAndMissingValuesAreUndecodable() {
        assertThat(decoder.decode(new byte[0]).failure())
                .hasValueSatisfying(detail -> assertThat(detail).contains("no value"));
        assertThat(decoder.decode(null).failure())
                .hasValueSatisfying(detail -> assertThat(detail).contains("tombstone"));
    }

    @Test
    void trailingBytesAfterAValidEventAreUndecodable() {
        byte[] valid = AvroBytes.encode(TestEvents.heartRate(70).build());
        byte[] longer = Arrays.copyOf(valid, valid.length + 3);

        assertThat(decoder.decode(longer).failure())
                .hasValueSatisfying(detail -> assertThat(detail).startsWith("trailing bytes"));
    }

    @Test
    void aHugeLengthPrefixIsRejectedWithoutAllocatingIt() {
        // Zig-zag varint of 2^30: a "string" of a billion bytes announced by five bytes of garbage.
        byte[] hostile = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 'x'};
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        decoder.decode(AvroBytes.encode(TestEvents.heartRate(70).build())); // warm up class loading

        long before = threads.getThreadAllocatedBytes(threadId);
        HealthEventDecoder.Result result = decoder.decode(hostile);
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertThat(result.failure())
                .hasValueSatisfying(detail -> assertThat(detail).startsWith("truncated"));
        assertThat(allocated).as("bytes allocated while rejecting").isLessThan(1 << 20);
    }

    @Test
    void anUnknownMetricTypeIsUndecodable() {
        byte[] valid = AvroBytes.encode(TestEvents.heartRate(70)
                .setEventId("e")
                .setUserId("u")
                .setDeviceId("d")
                .build());
        // eventId, userId, deviceId are 1-byte strings (length byte + 1 byte each); the enum index follows at offset 6.
        byte[] unknownSymbol = valid.clone();
        unknownSymbol[6] = (byte) 100; // zig-zag 50: far beyond the 7 symbols

        assertThat(decoder.decode(unknownSymbol).failure())
                .hasValueSatisfying(detail -> assertThat(detail).startsWith("not a HealthEvent"));
    }

    @Test
    void aNegativeLengthIsUndecodable() {
        byte[] negative = {0x03, 'x'}; // zig-zag -2

        assertThat(decoder.decode(negative).failure())
                .hasValueSatisfying(detail -> assertThat(detail).startsWith("not a HealthEvent"));
    }

    @Test
    void anUnknownUnionBranchIsUndecodable() {
        byte[] valid = AvroBytes.encode(TestEvents.heartRate(70).setSource(null).build());
        byte[] thirdBranch = valid.clone();
        thirdBranch[valid.length - 1] = 4; // zig-zag 2: [null, string] has branches 0 and 1

        assertThat(decoder.decode(thirdBranch).failure())
                .hasValueSatisfying(detail -> assertThat(detail).startsWith("not a HealthEvent"));
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = new byte[random.nextInt(80)];
            random.nextBytes(bytes);
            HealthEventDecoder.Result result = decoder.decode(bytes);
            assertThat(result.event().isPresent()).isNotEqualTo(result.failure().isPresent());
        }
    }

    @Test
    void theDecoderIsReusableAfterAFailure() {
        HealthEvent event = TestEvents.heartRate(80).build();

        decoder.decode(new byte[] {1, 2, 3});

        assertThat(decoder.decode(AvroBytes.encode(event)).event()).contains(event);
    }

    private static String describe(Schema schema) {
        LogicalType logicalType = schema.getLogicalType();
        return switch (schema.getType()) {
            // The decoder makes java.lang.String, as the generated class expects (stringType in the pom).
            case STRING -> "string as " + schema.getProp(GenericData.STRING_PROP);
            case ENUM -> "enum " + schema.getFullName();
            case UNION ->
                "union "
                        + schema.getTypes().stream()
                                .map(HealthEventDecoderTest::describe)
                                .toList();
            default -> schema.getType().getName() + (logicalType == null ? "" : " " + logicalType.getName());
        };
    }
}
