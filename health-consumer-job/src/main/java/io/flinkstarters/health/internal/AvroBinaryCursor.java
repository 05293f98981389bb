package io.flinkstarters.health.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads Avro binary primitives from a byte array, exactly as Avro's {@code BinaryDecoder} does, except
 * that a string's length is checked against the bytes left before anything is allocated.
 *
 * <p>Failures are exceptions without a stack trace: bad data is expected here, and must stay cheap.
 */
final class AvroBinaryCursor {

    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] bytes;
    private int position;

    AvroBinaryCursor(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A zig-zag varint of at most 5 bytes; bits beyond 32 in the fifth are dropped, as Avro does. */
    int readInt() throws Truncated, Malformed {
        int start = position;
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = nextByte(start);
            value |= (b & 0x7f) << shift;
            if (b < 0x80) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw new Malformed("an int at byte " + start + " is longer than 5 bytes");
    }

    /** A zig-zag varint of at most 10 bytes; bits beyond 64 in the tenth are dropped, as Avro does. */
    long readLong() throws Truncated, Malformed {
        int start = position;
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = nextByte(start);
            value |= (b & 0x7fL) << shift;
            if (b < 0x80) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw new Malformed("a long at byte " + start + " is longer than 10 bytes");
    }

    /** Eight bytes, little-endian IEEE 754 (NaN payloads kept). */
    double readDouble() throws Truncated {
        if (bytes.length - position < 8) {
            throw new Truncated(
                    "a double at byte " + position + " needs 8 bytes, " + (bytes.length - position) + " follow");
        }
        double value = Double.longBitsToDouble((long) LITTLE_ENDIAN_LONG.get(bytes, position));
        position += 8;
        return value;
    }

    /** A long length, then that many bytes of UTF-8, decoded as Avro's {@code Utf8.toString()} does. */
    String readString() throws Truncated, Malformed {
        int start = position;
        long length = readLong();
        if (length < 0) {
            throw new Malformed("a string at byte " + start + " has a negative length (" + length + ")");
        }
        if (length > bytes.length - position) {
            throw new Truncated("a string at byte " + start + " announces " + length + " bytes, "
                    + (bytes.length - position) + " follow");
        }
        String value = new String(bytes, position, (int) length, StandardCharsets.UTF_8);
        position += (int) length;
        return value;
    }

    boolean isEnd() {
        return position == bytes.length;
    }

    private int nextByte(int start) throws Truncated {
        if (position == bytes.length) {
            throw new Truncated("a varint at byte " + start + " is cut off");
        }
        return bytes[position++] & 0xff;
    }

    /** The bytes end before the value does. */
    static final class Truncated extends Exception {
        private static final long serialVersionUID = 1L;

        Truncated(String detail) {
            super(detail, null, false, false);
        }
    }

    /** The bytes cannot be the value: what Avro would reject too. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String detail) {
            super(detail, null, false, false);
        }
    }
}
