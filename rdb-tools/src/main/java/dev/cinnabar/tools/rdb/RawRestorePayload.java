// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.Crc64;
import dev.cinnabar.core.rdb.Rdb;

import java.io.IOException;
import java.io.InputStream;

/**
 * A RESTORE payload made straight from a key record's bytes in the file, as DUMP makes it (type byte, the
 * value as stored, the RDB version as 2 little-endian bytes, the CRC-64 of all that as 8), with no decoding:
 * for a value whose RDB type the target's RDB version can load. The version written is the older of the
 * file's and the target's (a server refuses a payload newer than itself; the value bytes of a type do not
 * depend on the version).
 */
final class RawRestorePayload {
    /** A server whose version cannot be read is taken as Redis 7.0. */
    static final int DEFAULT_TARGET_VERSION = Rdb.VERSION;

    private RawRestorePayload() {
    }

    /**
     * The RDB version a server of {@code redisVersion} (INFO server's redis_version) writes and reads: 12 for
     * 7.4, 11 for 7.2, 10 for 7.0, 9 for 5.0 to 6.2, 8 for 4.0, 7 for 3.2, 6 before.
     */
    static int rdbVersionOf(String redisVersion) {
        String[] parts = redisVersion.trim().split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            int v = major * 100 + minor;
            return v >= 704 ? 12 : v >= 702 ? 11 : v >= 700 ? 10 : v >= 500 ? 9 : v >= 400 ? 8 : v >= 302 ? 7 : 6;
        } catch (NumberFormatException e) {
            return DEFAULT_TARGET_VERSION;
        }
    }

    /**
     * Whether a server of RDB version {@code version} loads RDB type {@code type} (each type id came with a
     * version and stays readable after it). A MODULE_2 value is self-describing: the server's module reads its
     * stored bytes (a server without it refuses the key, as it would its file). The pre-GA module layout (type
     * 6), which Redis no longer loads, is left out: it goes through the engine.
     */
    static boolean loads(int version, int type) {
        return type != Rdb.TYPE_MODULE && version >= RdbTypes.sinceVersion(type);
    }

    /** Its size for a value of {@code valueBytes} stored bytes. */
    static long size(long valueBytes) {
        return 1 + valueBytes + 10;
    }

    /**
     * The payload of a value of {@code type} whose bytes are {@code value} ({@code valueBytes} of them, at
     * most {@link Integer#MAX_VALUE} - 11), for a payload of RDB version {@code version}.
     */
    static byte[] of(int type, InputStream value, long valueBytes, int version) throws IOException {
        byte[] p = new byte[(int) size(valueBytes)];
        p[0] = (byte) type;
        int n = value.readNBytes(p, 1, (int) valueBytes);
        if (n != valueBytes) {
            throw new IOException("the file ended inside a value it held a moment ago");
        }
        int at = 1 + n;
        p[at++] = (byte) version;
        p[at++] = (byte) (version >>> 8);
        long crc = Crc64.update(0, p, 0, at);
        for (int i = 0; i < 8; i++) {
            p[at + i] = (byte) (crc >>> (8 * i));
        }
        return p;
    }
}
