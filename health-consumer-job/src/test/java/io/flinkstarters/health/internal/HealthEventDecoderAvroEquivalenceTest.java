package io.flinkstarters.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.health.AvroBytes;
import io.flinkstarters.health.avro.HealthEvent;
import io.flinkstarters.health.avro.MetricType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link HealthEventDecoder} against Avro's own reader, guarded as the job once did ({@link AvroGuardedReader}):
 * the same event for every value Avro accepts, a failure for every value it rejects, never an exception.
 * Seeded, so a failure repeats.
 */
class HealthEventDecoderAvroEquivalenceTest {

    private static final MetricType[] METRIC_TYPES = MetricType.values();
    private static final double[] EDGE_VALUES = {
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        -0.0,
        0.0,
        Double.MIN_VALUE,
        Double.MAX_VALUE,
        -Double.MIN_NORMAL,
        Double.longBitsToDouble(0x7ff0_0000_dead_beefL)
    };
    private static final long[] EDGE_TIMES = {
        Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1, -62_135_596_800_000L, 253_402_300_799_999L
    };
    private static final String[] EDGE_STRINGS = {
        "", "a", "ünïcödé", "中文", "😀𝄞", "\u0000", "x".repeat(63), "y".repeat(64), "z".repeat(100_000)
    };

    private final HealthEventDecoder decoder = new HealthEventDecoder();
    private final AvroGuardedReader avro = new AvroGuardedReader();
    private final Random random = new Random(6);

    @Test
    void edgeValuesDecodeAsAvroDecodesThem() {
        for (MetricType metricType : METRIC_TYPES) {
            for (double value : EDGE_VALUES) {
                for (long time : EDGE_TIMES) {
                    assertSameAsAvro(event(metricType, value, time, "e", null), true);
                    assertSameAsAvro(event(metricType, value, time, "e", "s"), true);
                }
            }
        }
        for (String string : EDGE_STRINGS) {
            assertSameAsAvro(event(MetricType.STEPS, 1, 0, string, string), true);
            assertSameAsAvro(event(MetricType.STEPS, 1, 0, string, null), true);
        }
    }

    @Test
    void randomEventsDecodeAsAvroDecodesThem() {
        Set<MetricType> metricTypes = EnumSet.noneOf(MetricType.class);
        int withoutSource = 0;
        for (int i = 0; i < 5_000; i++) {
            HealthEvent event = randomEvent();
            HealthEvent decoded = assertSameAsAvro(event, true).orElseThrow();
            metricTypes.add(decoded.getMetricType());
            withoutSource += decoded.getSource() == null ? 1 : 0;
        }
        assertThat(metricTypes).containsExactlyInAnyOrder(METRIC_TYPES);
        assertThat(withoutSource).isBetween(1_000, 4_000);
    }

    @Test
    void malformedUtf8DecodesAsAvroDecodesIt() {
        int[][] malformed = {
            {0xff},
            {0x80},
            {0xc3},
            {0xe2, 0x82},
            {0xc0, 0xaf},
            {0xed, 0xa0, 0x80},
            {0xf4, 0x90, 0x80, 0x80},
            {0xf0, 0x9f, 0x98},
            {'a', 0xfe, 'b'},
            {0xf8, 0x88, 0x80, 0x80, 0x80}
        };
        for (int[] sequence : malformed) {
            byte[] bytes = new byte[sequence.length];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) sequence[i];
            }
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            for (int field = 0; field < 5; field++) {
                HandEncodedEvent event = new HandEncodedEvent(
                        field == 0 ? bytes : ok,
                        field == 1 ? bytes : ok,
                        field == 2 ? bytes : ok,
                        0,
                        1.0,
                        field == 3 ? bytes : ok,
                        0,
                        field == 4 ? bytes : ok);
                assertSameAsAvro(event.encode(), true);
            }
        }
        for (int i = 0; i < 2_000; i++) {
            assertSameAsAvro(
                    new HandEncodedEvent(
                                    randomBytes(),
                                    randomBytes(),
                                    randomBytes(),
                                    random.nextInt(METRIC_TYPES.length),
                                    random.nextDouble(),
                                    randomBytes(),
                                    random.nextLong(),
                                    random.nextBoolean() ? null : randomBytes())
                            .encode(),
                    true);
        }
    }

    @Test
    void varintsAreReadAsAvroReadsThem() {
        HandEncodedEvent event = new HandEncodedEvent(
                bytes("e"), bytes("u"), bytes("d"), 3, 2.5, bytes("bpm"), 1_700_000_000_000L, bytes("s"));
        for (int varint = 0; varint < event.varints(); varint++) {
            for (int length = 1; length <= 12; length++) {
                assertSameAsAvro(event.encode(varint, length), null);
            }
        }
        // The enum index is an int: at most 5 bytes. The event time is a long: at most 10.
        assertThat(decoder.decode(event.encode(3, 5)).event()).isPresent();
        assertThat(decoder.decode(event.encode(3, 6)).failure())
                .hasValueSatisfying(detail -> assertThat(detail).startsWith("not a HealthEvent"));
        assertThat(decoder.decode(event.encode(5, 10)).event()).isPresent();
        assertThat(decoder.decode(event.encode(5, 11)).failure())
                .hasValueSatisfying(detail -> assertThat(detail).startsWith("not a HealthEvent"));

        // The fifth byte of an int brings 4 more bits; Avro drops the other 3 (here all it sets: index 0), and so do
        // we.
        byte[] valid = event.encode();
        byte[] overflowing = new byte[valid.length + 4];
        System.arraycopy(valid, 0, overflowing, 0, 6);
        System.arraycopy(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x70}, 0, overflowing, 6, 5);
        System.arraycopy(valid, 7, overflowing, 11, valid.length - 7);
        assertThat(assertSameAsAvro(overflowing, true).orElseThrow().getMetricType())
                .isEqualTo(METRIC_TYPES[0]);
    }

    @Test
    void mutatedEncodingsDecodeExactlyWhenAvroDecodesThem() {
        int decoded = 0;
        int mutations = 50_000;
        for (int i = 0; i < mutations; i++) {
            byte[] valid = AvroBytes.encode(random.nextInt(4) == 0 ? randomEvent() : smallEvent());
            decoded += assertSameAsAvro(mutate(valid), null).isPresent() ? 1 : 0;
        }
        // Both outcomes are exercised: mutations inside strings or the double still decode.
        assertThat(decoded).isBetween(mutations / 20, mutations / 2);
    }

    /** Decodes with both; {@code decodes}, if not null, is the expected outcome. Returns our result. */
    private Optional<HealthEvent> assertSameAsAvro(byte[] value, Boolean decodes) {
        HealthEventDecoder.Result ours = decoder.decode(value);
        Optional<HealthEvent> expected = avro.read(value);

        assertThat(ours.event())
                .as(() -> "decoding " + HexFormat.of().formatHex(value) + ", ours: "
                        + ours.failure().orElse("decoded"))
                .isEqualTo(expected);
        assertThat(ours.failure().isPresent()).isNotEqualTo(ours.event().isPresent());
        if (expected.isPresent()) {
            // equals() compares doubles as Double.compare does: every NaN the same. The bits must be too.
            assertThat(Double.doubleToRawLongBits(ours.event().get().getValue()))
                    .isEqualTo(Double.doubleToRawLongBits(expected.get().getValue()));
        }
        if (decodes != null) {
            assertThat(ours.event().isPresent())
                    .as(() -> "decodes " + HexFormat.of().formatHex(value))
                    .isEqualTo(decodes);
        }
        return ours.event();
    }

    private Optional<HealthEvent> assertSameAsAvro(HealthEvent event, boolean decodes) {
        Optional<HealthEvent> decoded = assertSameAsAvro(AvroBytes.encode(event), decodes);
        assertThat(decoded).contains(event);
        return decoded;
    }

    private byte[] mutate(byte[] valid) {
        byte[] value = valid;
        for (int times = 1 + random.nextInt(3); times > 0; times--) {
            int at = value.length == 0 ? 0 : random.nextInt(value.length);
            value = switch (value.length == 0 ? 3 : random.nextInt(7)) {
                case 0 -> with(value, at, (byte) (value[at] ^ (1 << random.nextInt(8))));
                case 1 ->
                    with(value, at, (byte)
                            new int[] {0x00, 0x01, 0x02, 0x0c, 0x0e, 0x7f, 0x80, 0xfe, 0xff}[random.nextInt(9)]);
                case 2 -> Arrays.copyOf(value, at);
                case 3 -> insert(value, value.length, randomBytes(1 + random.nextInt(8)));
                case 4 -> insert(value, at, randomBytes(1 + random.nextInt(4)));
                case 5 -> remove(value, at, 1 + random.nextInt(Math.min(4, value.length - at)));
                default -> insert(value, at, filled(1 + random.nextInt(10), random.nextBoolean() ? 0x80 : 0xff));
            };
        }
        return value;
    }

    private HealthEvent randomEvent() {
        return event(
                METRIC_TYPES[random.nextInt(METRIC_TYPES.length)],
                randomDouble(),
                randomTime(),
                randomString(),
                random.nextBoolean() ? null : randomString());
    }

    /** Short strings, so that mutations hit the structure more often than the text. */
    private HealthEvent smallEvent() {
        return HealthEvent.newBuilder()
                .setEventId("e" + random.nextInt(100))
                .setUserId("u")
                .setDeviceId("d")
                .setMetricType(METRIC_TYPES[random.nextInt(METRIC_TYPES.length)])
                .setValue(random.nextInt(200))
                .setUnit("bpm")
                .setEventTime(Instant.ofEpochMilli(randomTime()))
                .setSource(random.nextBoolean() ? null : "s")
                .build();
    }

    private static HealthEvent event(MetricType metricType, double value, long time, String text, String source) {
        return HealthEvent.newBuilder()
                .setEventId(text)
                .setUserId(text)
                .setDeviceId(text)
                .setMetricType(metricType)
                .setValue(value)
                .setUnit(text)
                .setEventTime(Instant.ofEpochMilli(time))
                .setSource(source)
                .build();
    }

    private String randomString() {
        int length = switch (random.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 50 + random.nextInt(5_000);
            default -> 1 + random.nextInt(40);
        };
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.appendCodePoint(
                    switch (random.nextInt(4)) {
                        case 0 -> 0x20 + random.nextInt(0x5f); // 1 byte in UTF-8
                        case 1 -> 0x80 + random.nextInt(0x780); // 2 bytes
                        case 2 -> 0xe000 + random.nextInt(0x2000); // 3 bytes (above the surrogates)
                        default -> 0x10000 + random.nextInt(0x100000); // 4 bytes: a surrogate pair in Java
                    });
        }
        return text.toString();
    }

    private double randomDouble() {
        return switch (random.nextInt(3)) {
            case 0 -> EDGE_VALUES[random.nextInt(EDGE_VALUES.length)];
            case 1 -> Double.longBitsToDouble(random.nextLong());
            default -> random.nextGaussian() * 1_000;
        };
    }

    private long randomTime() {
        return switch (random.nextInt(3)) {
            case 0 -> EDGE_TIMES[random.nextInt(EDGE_TIMES.length)];
            case 1 -> random.nextLong();
            default -> 1_700_000_000_000L + random.nextInt();
        };
    }

    private byte[] randomBytes() {
        return randomBytes(random.nextInt(12));
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] with(byte[] value, int at, byte b) {
        byte[] copy = value.clone();
        copy[at] = b;
        return copy;
    }

    private static byte[] insert(byte[] value, int at, byte[] inserted) {
        byte[] result = new byte[value.length + inserted.length];
        System.arraycopy(value, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(value, at, result, at + inserted.length, value.length - at);
        return result;
    }

    private static byte[] remove(byte[] value, int at, int count) {
        byte[] result = new byte[value.length - count];
        System.arraycopy(value, 0, result, 0, at);
        System.arraycopy(value, at + count, result, at, value.length - at - count);
        return result;
    }
}
