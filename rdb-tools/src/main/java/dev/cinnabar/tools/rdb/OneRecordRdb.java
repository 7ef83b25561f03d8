// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbOpcodes;
import dev.cinnabar.core.rdb.RdbWriter;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * An RDB holding one key record, built around a record's bytes so that {@link RdbChecker}'s walk reports its
 * value element by element: a record of a file being re-read ({@link RdbVisitor#keyRecord}), or a DUMP
 * payload of a live server (held, or in a file when big). The header names the record's RDB version, a
 * SELECTDB its database, and the checksum is 0 (none to verify: the file's was verified by the walk that found
 * the record, a payload's by {@link #fromDumpPayload}).
 */
final class OneRecordRdb {
    private OneRecordRdb() {
    }

    /** {@code db}, then {@code record} (a type byte, the key, the value, as a file stores them). */
    static InputStream of(int rdbVersion, long db, InputStream record) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes(String.format("REDIS%04d", rdbVersion).getBytes(US_ASCII));
        RdbWriter w = new RdbWriter(head, false);
        w.writeByte(RdbOpcodes.SELECTDB);
        w.writeLength(db);
        w.flush();
        return new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(head.toByteArray()),
                record, new ByteArrayInputStream(new byte[] {(byte) RdbOpcodes.EOF, 0, 0, 0, 0, 0, 0, 0, 0}))));
    }

    /**
     * The record of {@code key} with the value of a DUMP payload (type byte, value, 2-byte RDB version, CRC-64).
     *
     * @throws RdbFormatException when the payload is too short or its CRC-64 does not match
     */
    static InputStream fromDumpPayload(long db, byte[] key, byte[] payload) {
        checkLength(payload.length);
        int crcAt = payload.length - 8;
        verifyCrc(littleEndian(payload, crcAt, 8), dev.cinnabar.core.rdb.Crc64.update(0, payload, 0, crcAt), crcAt);
        int version = (int) littleEndian(payload, crcAt - 2, 2);
        return record(db, key, payload[0] & 0xff, version, new ByteArrayInputStream(payload, 1, crcAt - 3));
    }

    /**
     * As {@link #fromDumpPayload(long, byte[], byte[])} for a payload of {@code length} bytes held in a file (a
     * DUMP reply too big for the heap): its CRC-64 is checked in one pass over the file, then its value is read
     * from the file as the walk asks for it ({@link RangeInputStream}), never held.
     *
     * @throws RdbFormatException when the payload is too short or its CRC-64 does not match
     */
    static InputStream fromDumpPayload(long db, byte[] key, FileChannel payload, long length) throws IOException {
        checkLength(length);
        long crcAt = length - 8;
        long computed = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = new RangeInputStream(payload, 0, crcAt)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                computed = dev.cinnabar.core.rdb.Crc64.update(computed, buffer, 0, n);
            }
        }
        byte[] head = new RangeInputStream(payload, 0, 1).readAllBytes();
        byte[] tail = new RangeInputStream(payload, crcAt - 2, length).readAllBytes();
        if (head.length != 1 || tail.length != 10) {
            throw new EOFException("the DUMP payload file ended before its " + length + " bytes");
        }
        verifyCrc(littleEndian(tail, 2, 8), computed, crcAt);
        InputStream value = new BufferedInputStream(new RangeInputStream(payload, 1, crcAt - 2), 1 << 16);
        return record(db, key, head[0] & 0xff, (int) littleEndian(tail, 0, 2), value);
    }

    private static void checkLength(long length) {
        if (length < 11) {
            throw new RdbFormatException("DUMP payload of " + length + " bytes is too short", 0);
        }
    }

    private static void verifyCrc(long stored, long computed, long crcAt) {
        if (stored != computed) {
            throw new RdbFormatException(String.format("DUMP payload CRC64 mismatch: %016x stored, %016x computed",
                    stored, computed), crcAt);
        }
    }

    private static long littleEndian(byte[] b, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (b[at + i] & 0xffL) << (8 * i);
        }
        return v;
    }

    /** A one-record RDB of {@code version}: the type byte, {@code key}, then {@code value}. */
    private static InputStream record(long db, byte[] key, int type, int version, InputStream value) {
        ByteArrayOutputStream typeAndKey = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(typeAndKey, false);
        w.writeByte(type);
        w.writeString(key);
        w.flush();
        return of(version, db, new SequenceInputStream(new ByteArrayInputStream(typeAndKey.toByteArray()), value));
    }
}
