// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

/**
 * Redis's CRC-64 ({@code crc64.c}): the Jones polynomial 0xad93d23594c935a9, reflected input and output,
 * initial value 0, no final xor. It checks DUMP payloads and RDB files; "123456789" gives
 * 0xe9c6d914c4b8d9ca.
 */
public final class Crc64 {
    /** The Jones polynomial, bit-reversed for the reflected (LSB-first) algorithm. */
    private static final long POLY_REFLECTED = Long.reverse(0xad93d23594c935a9L);
    /** Slicing-by-8 tables: TABLES[k][b] is the CRC of byte b followed by k zero bytes. */
    private static final long[][] TABLES = new long[8][256];

    static {
        for (int b = 0; b < 256; b++) {
            long crc = b;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            }
            TABLES[0][b] = crc;
        }
        for (int b = 0; b < 256; b++) {
            for (int k = 1; k < 8; k++) {
                long prev = TABLES[k - 1][b];
                TABLES[k][b] = TABLES[0][(int) (prev & 0xff)] ^ (prev >>> 8);
            }
        }
    }

    private Crc64() {
    }

    /** Continues {@code crc} over {@code len} bytes of {@code data} from {@code off}. */
    public static long update(long crc, byte[] data, int off, int len) {
        int i = off;
        int end = off + len;
        long[] t0 = TABLES[0];
        for (; i + 8 <= end; i += 8) {
            long x = crc ^ ((data[i] & 0xffL) | (data[i + 1] & 0xffL) << 8 | (data[i + 2] & 0xffL) << 16
                    | (data[i + 3] & 0xffL) << 24 | (data[i + 4] & 0xffL) << 32 | (data[i + 5] & 0xffL) << 40
                    | (data[i + 6] & 0xffL) << 48 | (data[i + 7] & 0xffL) << 56);
            crc = TABLES[7][(int) (x & 0xff)] ^ TABLES[6][(int) ((x >>> 8) & 0xff)]
                    ^ TABLES[5][(int) ((x >>> 16) & 0xff)] ^ TABLES[4][(int) ((x >>> 24) & 0xff)]
                    ^ TABLES[3][(int) ((x >>> 32) & 0xff)] ^ TABLES[2][(int) ((x >>> 40) & 0xff)]
                    ^ TABLES[1][(int) ((x >>> 48) & 0xff)] ^ t0[(int) (x >>> 56)];
        }
        for (; i < end; i++) {
            crc = t0[(int) ((crc ^ data[i]) & 0xff)] ^ (crc >>> 8);
        }
        return crc;
    }

    /** Continues {@code crc} over one byte. */
    public static long update(long crc, int b) {
        return TABLES[0][(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
    }

    /** The CRC of a whole array. */
    public static long of(byte[] data) {
        return update(0, data, 0, data.length);
    }
}
