package io.flinkstarters.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.health.AvroBytes;
import io.flinkstarters.health.TestEvents;
import io.flinkstarters.health.avro.HealthEvent;
import io.flinkstarters.health.avro.MetricType;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HealthEventDecoderTest {

    private final HealthEventDecoder decoder = new HealthEventDecoder();

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
        byte[] garbage = "this is not avro, it is a log line that ended up on the wrong topic".getBytes(StandardCharsets.UTF_8);

        HealthEventDecoder.Result result = decoder.decode(garbage);

        assertThat(result.event()).isEmpty();
        assertThat(result.failure()).isPresent();
    }

    @Test
    void everyTruncationOfAValidEventIsUndecodable() {
        byte[] valid = AvroBytes.encode(TestEvents.steps(120).setSource("apple-health").build());

        for (int length = 1; length < valid.length; length++) {
            HealthEventDecoder.Result result = decoder.decode(Arrays.copyOf(valid, length));
            assertThat(result.failure()).as("first %d of %d bytes", length, valid.length).isPresent();
        }
        assertThat(decoder.decode(Arrays.copyOf(valid, valid.length / 2)).failure().orElseThrow()).startsWith("truncated");
    }

    @Test
    void emptyAndMissingValuesAreUndecodable() {
        assertThat(decoder.decode(new byte[0]).failure()).hasValueSatisfying(detail -> assertThat(detail).contains("no value"));
        assertThat(decoder.decode(null).failure()).hasValueSatisfying(detail -> assertThat(detail).contains("tombstone"));
    }

    @Test
    void trailingBytesAfterAValidEventAreUndecodable() {
        byte[] valid = AvroBytes.encode(TestEvents.heartRate(70).build());
        byte[] longer = Arrays.copyOf(valid, valid.length + 3);

        assertThat(decoder.decode(longer).failure()).hasValueSatisfying(detail -> assertThat(detail).startsWith("trailing bytes"));
    }

    @Test
    void aHugeLengthPrefixIsRejectedWithoutAllocatingIt() {
        // Zig-zag varint of 2^30: a "string" of a billion bytes announced by five bytes of garbage.
        byte[] hostile = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 'x'};
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        decoder.decode(AvroBytes.encode(TestEvents.heartRate(70).build())); // warm up class loading

        long before = threads.getThreadAllocatedBytes(threadId);
        HealthEventDecoder.Result result = decoder.decode(hostile);
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertThat(result.failure()).hasValueSatisfying(detail -> assertThat(detail).startsWith("truncated"));
        assertThat(allocated).as("bytes allocated while rejecting").isLessThan(1 << 20);
    }

    @Test
    void anUnknownMetricTypeIsUndecodable() {
        byte[] valid = AvroBytes.encode(TestEvents.heartRate(70).setEventId("e").setUserId("u").setDeviceId("d").build());
        // eventId, userId, deviceId are 1-byte strings (length byte + 1 byte each); the enum index follows at offset 6.
        byte[] unknownSymbol = valid.clone();
        unknownSymbol[6] = (byte) 100; // zig-zag 50: far beyond the 7 symbols

        assertThat(decoder.decode(unknownSymbol).failure()).hasValueSatisfying(detail -> assertThat(detail).startsWith("not a HealthEvent"));
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
}
