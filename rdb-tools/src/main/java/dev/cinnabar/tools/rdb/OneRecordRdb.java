// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RdbOpcodes;
import dev.cinnabar.core.rdb.RdbWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * An RDB holding one key record, built around a record's bytes so that {@link RdbChecker}'s walk reports its
 * value element by element: a record of a file being re-read ({@link RdbVisitor#keyRecord}), or a DUMP
 * payload of a live server. The header names the record's RDB version, a SELECTDB its database, and the
 * checksum is 0 (none to verify: the file's was verified by the walk that found the record, a payload's by
 * {@link #fromDumpPayload}).
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
        if (payload.length < 11) {
            throw new RdbFormatException("DUMP payload of " + payload.length + " bytes is too short", 0);
        }
        int crcAt = payload.length - 8;
        long stored = 0;
        for (int i = 0; i < 8; i++) {
            stored |= (payload[crcAt + i] & 0xffL) << (8 * i);
        }
        long computed = dev.cinnabar.core.rdb.Crc64.update(0, payload, 0, crcAt);
        if (stored != computed) {
            throw new RdbFormatException(String.format("DUMP payload CRC64 mismatch: %016x stored, %016x computed",
                    stored, computed), crcAt);
        }
        int version = (payload[crcAt - 2] & 0xff) | (payload[crcAt - 1] & 0xff) << 8;
        ByteArrayOutputStream typeAndKey = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(typeAndKey, false);
        w.writeByte(payload[0] & 0xff);
        w.writeString(key);
        w.flush();
        InputStream record = new SequenceInputStream(new ByteArrayInputStream(typeAndKey.toByteArray()),
                new ByteArrayInputStream(payload, 1, crcAt - 3));
        return of(version, db, record);
    }
}
