// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.TypeRegistry;
import dev.cinnabar.core.rdb.RdbFileReader;
import dev.cinnabar.core.rdb.RdbVisitor;

/**
 * Decodes one key record of an RDB file with the engine's RDB reader, as a file of its own ({@link
 * OneRecordRdb}), the record's bytes streamed from the file (not held): for a value only the engine reads, found
 * by a walk ({@link dev.cinnabar.tools.rdb.RdbVisitor#keyRecord}). The entry comes in database 0; the caller
 * knows the record's.
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

    /** Decodes the record at bytes {@code [start, end)} of the file into {@code visitor}'s events. */
    void decode(long start, long end, RdbVisitor visitor) {
        new RdbFileReader(records.oneRecord(0, start, end), types).dropExpiredFieldsBefore(now).read(visitor);
    }
}
