// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.Engine;
import dev.cinnabar.core.keyspace.Database;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbFileWriter;
import dev.cinnabar.core.rdb.RdbOpcodes;
import dev.cinnabar.core.rdb.RdbWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * The RDB file {@code rdb import} writes, one key at a time as the JSON is read, so that neither the engine
 * nor the heap ever holds more than one key: the header and aux fields as SAVE writes them (RDB 10), then
 * each key's record, SELECTDB whenever the database changes (Redis's loader takes it any number of times,
 * in any order), EOF and the CRC-64. No RESIZEDB: a database's size is known only at the end, and the record
 * is only a hint to the loader (its {@code dictExpand}). A key goes in either from the embedded engine (its
 * value loaded there by commands, written with the engine's own writer, then deleted) or from a
 * {@link SpilledValue} ({@link ValueSpill}, {@link StreamSpill}). Keys are remembered per database by
 * fingerprint ({@link DuplicateCheck}: in memory up to
 * a cap, then sorted on disk), as Redis's loader refuses a file with a key twice.
 */
final class RdbImportWriter {
    private final Engine engine;
    private final RdbWriter out;
    private final DuplicateCheck keys;
    private long currentDb = -1;

    /** Starts the file: header and {@code aux}. */
    RdbImportWriter(OutputStream stream, Engine engine, Map<String, String> aux, DuplicateCheck keys) {
        this.engine = engine;
        // compressed and checksummed as the engine's SAVE with its defaults (rdbcompression, rdbchecksum yes)
        this.out = new RdbWriter(stream, true);
        this.keys = keys;
        RdbFileWriter.writeHeader(out, Rdb.VERSION, aux);
    }

    /**
     * False when {@code key} of {@code db} was seen before (or, rarely, shares a fingerprint with one); past
     * the check's table, {@link #keyRepeated} tells at the end.
     */
    boolean firstSight(long db, byte[] key) throws IOException {
        return keys.add(db, key);
    }

    /** Whether a key past the check's table was given twice (the file must not be kept then). */
    boolean keyRepeated() throws IOException {
        return keys.repeatFound();
    }

    /**
     * Writes {@code key} of database {@code db} as the engine holds it, then deletes it from the engine.
     *
     * @param expireAt unix ms, 0 for none
     */
    void fromEngine(long db, byte[] key, long expireAt) throws IOException {
        EngineExport.onEngine(engine, () -> {
            Database database = engine.database((int) db);
            Object value = database.peek(key);
            if (value == null) {
                throw new IllegalStateException("the engine does not hold the key just loaded");
            }
            header(db, expireAt);
            // as the engine's SAVE writes it under the default policy (no IDLE or FREQ)
            RdbFileWriter.writeRecord(out, key, value, engine.types().of(value));
            database.remove(key);
            return null;
        });
    }

    /** Writes {@code key} of database {@code db} from its spilled value; deletes the spill. */
    void fromSpill(long db, byte[] key, long expireAt, SpilledValue spill) throws IOException {
        header(db, expireAt);
        out.writeByte(spill.typeId());
        out.writeString(key);
        spill.copyTo(out);
    }

    /** EOF and the CRC-64; flushes. */
    void finish() {
        out.writeByte(RdbOpcodes.EOF);
        out.writeLittleEndian(out.crc(), 8);
        out.flush();
    }

    private void header(long db, long expireAt) {
        if (db != currentDb) {
            out.writeByte(RdbOpcodes.SELECTDB);
            out.writeLength(db);
            currentDb = db;
        }
        if (expireAt != 0) {
            out.writeExpireTimeMs(expireAt);
        }
    }
}
