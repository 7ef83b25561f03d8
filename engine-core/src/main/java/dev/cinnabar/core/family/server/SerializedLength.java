// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.server;

import dev.cinnabar.spi.Numbers;
import dev.cinnabar.spi.RdbOutput;
import dev.cinnabar.spi.ValueType;

/**
 * The size of a value in RDB form, for DEBUG OBJECT's {@code serializedlength} (Redis's
 * {@code rdbSavedObjectLen}). Strings are measured as RDB writes them, without LZF compression; other
 * types through their codec, or 0 when the type cannot be saved yet.
 */
final class SerializedLength {
    private SerializedLength() {
    }

    static long of(ValueType<Object> type, Object value) {
        if (value instanceof byte[] s) {
            return string(s);
        }
        Counter counter = new Counter();
        try {
            type.writeRdb(value, counter);
        } catch (UnsupportedOperationException e) {
            return 0;
        }
        return counter.bytes;
    }

    /** rdbSaveRawString without compression: small integers in 2, 3 or 5 bytes, else length then bytes. */
    static long string(byte[] s) {
        if (s.length <= 11 && Numbers.isCanonicalLong(s)) {
            long v = Numbers.parseLongOr(s, 0);
            if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                return 2;
            }
            if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                return 3;
            }
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                return 5;
            }
        }
        return lengthSize(s.length) + s.length;
    }

    /** rdbSaveLen: 1, 2, 5 or 9 bytes. */
    static long lengthSize(long length) {
        if (length < (1 << 6)) {
            return 1;
        }
        if (length < (1 << 14)) {
            return 2;
        }
        return length <= 0xFFFFFFFFL ? 5 : 9;
    }

    /** Counts the bytes an RDB writer would produce. */
    private static final class Counter implements RdbOutput {
        long bytes;

        @Override
        public void writeByte(int b) {
            bytes++;
        }

        @Override
        public void writeLength(long length) {
            bytes += lengthSize(length);
        }

        @Override
        public void writeString(byte[] value) {
            bytes += string(value);
        }

        @Override
        public void writeBinaryDouble(double value) {
            bytes += 8;
        }

        @Override
        public void writeRaw(byte[] raw) {
            bytes += raw.length;
        }
    }
}
