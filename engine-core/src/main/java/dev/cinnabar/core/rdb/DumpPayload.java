// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

import dev.cinnabar.spi.ValueType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The DUMP/RESTORE serialization ({@code cluster.c}): the value's RDB type id and body, then the RDB
 * version as 2 little-endian bytes, then the CRC-64 of all that as 8 little-endian bytes.
 */
public final class DumpPayload {
    /** RDB version (2 bytes) plus CRC-64 (8 bytes). */
    private static final int FOOTER_LENGTH = 10;

    private DumpPayload() {
    }

    /** {@code createDumpPayload}: serializes {@code value} of {@code type}. */
    public static byte[] create(ValueType<?> type, Object value, boolean compress) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbWriter out = new RdbWriter(bytes, compress);
        writeValue(type, value, out);
        out.writeLittleEndian(Rdb.VERSION, 2);
        out.writeLittleEndian(out.crc(), 8);
        out.flush();
        return bytes.toByteArray();
    }

    /**
     * As {@link #create(ValueType, Object, boolean)}, or null as soon as the payload would exceed
     * {@code maxBytes}: a value too big for one RESTORE costs at most that much memory to find out.
     */
    public static byte[] create(ValueType<?> type, Object value, boolean compress, long maxBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                if (count + (long) len > maxBytes) {
                    throw TooBig.INSTANCE;
                }
                super.write(b, off, len);
            }

            @Override
            public synchronized void write(int b) {
                if (count + 1L > maxBytes) {
                    throw TooBig.INSTANCE;
                }
                super.write(b);
            }
        };
        try {
            RdbWriter out = new RdbWriter(bytes, compress);
            writeValue(type, value, out);
            out.writeLittleEndian(Rdb.VERSION, 2);
            out.writeLittleEndian(out.crc(), 8);
            out.flush();
        } catch (TooBig e) {
            return null;
        }
        return bytes.toByteArray();
    }

    /** Stops a capped {@link #create} (no stack trace: it is control flow). */
    private static final class TooBig extends RuntimeException {
        static final TooBig INSTANCE = new TooBig();

        private TooBig() {
            super("payload too big", null, false, false);
        }
    }

    private static <T> void writeValue(ValueType<T> type, Object value, RdbWriter out) {
        T typed = type.valueClass().cast(value);
        out.writeByte(type.rdbTypeId(typed));
        type.writeRdb(typed, out);
    }

    /**
     * {@code verifyDumpPayload}: false if the payload is too short for its footer, names an RDB version
     * newer than ours, or fails its checksum.
     */
    public static boolean verify(byte[] payload) {
        if (payload.length < FOOTER_LENGTH) {
            return false;
        }
        if (version(payload) > Rdb.VERSION) {
            return false;
        }
        int crcAt = payload.length - 8;
        long expected = 0;
        for (int i = 0; i < 8; i++) {
            expected |= (payload[crcAt + i] & 0xffL) << (8 * i);
        }
        return Crc64.update(0, payload, 0, crcAt) == expected;
    }

    private static int version(byte[] payload) {
        int at = payload.length - FOOTER_LENGTH;
        return (payload[at] & 0xff) | (payload[at + 1] & 0xff) << 8;
    }

    /**
     * Decodes a verified payload. As Redis does, decoding reads from the start of the whole payload and
     * ignores whatever the value leaves unread.
     *
     * @param types the registered type for an RDB type id
     * @return the value, or null for an empty collection (which Redis treats as a load failure)
     * @throws RdbFormatException if the type id is unknown or the body is malformed
     */
    public static Object read(byte[] payload, IntFunction<Optional<ValueType<?>>> types) {
        RdbReader in = new RdbReader(new ByteArrayInputStream(payload), version(payload));
        int typeId = in.readByte();
        ValueType<?> type = types.apply(typeId)
                .orElseThrow(() -> new RdbFormatException("unknown RDB type id " + typeId, 0));
        try {
            return type.readRdb(typeId, in);
        } catch (RdbFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // a type's codec rejecting what it read is malformed data too
            throw new RdbFormatException("type " + type.name() + " rejected its data: " + e.getMessage(),
                    in.offset());
        }
    }
}
