// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.TypeRegistry;
import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbVisitor;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * Decodes one key record of an RDB file with the engine's RDB reader, as a file of its own ({@link
 * OneRecordRdb}): for a value only the engine reads, found by a walk ({@link
 * dev.cinnabar.tools.rdb.RdbVisitor#keyRecord}). The entry comes in database 0; the caller knows the record's.
 */
final class RecordDecoder {
    private final FileRecords records;
    private final TypeRegistry types;
    private final long now;

    /** @param now the time RDB 12 hash field TTLs are judged at (fields expired by then are dropped) */
    RecordDecoder(FileRecords records, TypeRegistry types, long now) {
        this.records = records;
        this.types = types;
        this.now = now;
    }

    /** Decodes the record at bytes {@code [start, end)} of the file, streamed from it (not held). */
    void decode(long start, long end, RdbVisitor visitor) {
        decode(records.open(start, end), visitor);
    }

    /** Decodes a record put together by the caller (type, key, value), read as if it were in the file. */
    void decode(byte[] record, RdbVisitor visitor) {
        decode(new ByteArrayInputStream(record), visitor);
    }

    private void decode(InputStream record, RdbVisitor visitor) {
        new RdbFileReader(OneRecordRdb.of(records.rdbVersion(), 0, record), types).dropExpiredFieldsBefore(now)
                .read(visitor);
    }
}
