package io.flinkstarters.health.internal;

import java.io.ByteArrayOutputStream;

/**
 * A HealthEvent encoded by hand, so tests can write what Avro's encoder never does: malformed UTF-8,
 * varints longer than needed, any enum or union index.
 *
 * @param metricType the enum index
 * @param source null for union branch 0, else branch 1
 */
record HandEncodedEvent(
        byte[] eventId,
        byte[] userId,
        byte[] deviceId,
        int metricType,
        double value,
        byte[] unit,
        long eventTime,
        byte[] source) {

    /** How many varints the encoding has (four string lengths, or five with a source; enum; long; union index). */
    int varints() {
        return source == null ? 7 : 8;
    }

    byte[] encode() {
        return encode(-1, 0);
    }

    /** With the {@code padded}-th varint (in encoding order, from 0) written in at least {@code bytes} bytes. */
    byte[] encode(int padded, int bytes) {
        Writer out = new Writer(padded, bytes);
        out.string(eventId);
        out.string(userId);
        out.string(deviceId);
        out.varint(metricType);
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < 8; i++) {
            out.bytes.write((int) (bits >>> (8 * i)));
        }
        out.string(unit);
        out.varint(eventTime);
        if (source == null) {
            out.varint(0);
        } else {
            out.varint(1);
            out.string(source);
        }
        return out.bytes.toByteArray();
    }

    private static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int padded;
        private final int paddedBytes;
        private int varint;

        Writer(int padded, int paddedBytes) {
            this.padded = padded;
            this.paddedBytes = paddedBytes;
        }

        void string(byte[] utf8) {
            varint(utf8.length);
            bytes.writeBytes(utf8);
        }

        /** Zig-zag, seven bits a byte, least significant first; padding is continuation bytes of zero bits. */
        void varint(long value) {
            int minBytes = varint++ == padded ? paddedBytes : 1;
            long rest = (value << 1) ^ (value >> 63);
            for (int written = 1; ; written++) {
                int group = (int) (rest & 0x7f);
                rest >>>= 7;
                boolean more = rest != 0 || written < minBytes;
                bytes.write(more ? group | 0x80 : group);
                if (!more) {
                    return;
                }
            }
        }
    }
}
