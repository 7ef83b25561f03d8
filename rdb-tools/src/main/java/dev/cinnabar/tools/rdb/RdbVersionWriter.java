// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbFileWriter;
import dev.cinnabar.core.rdb.RdbLoader;
import dev.cinnabar.core.rdb.RdbOpcodes;
import dev.cinnabar.core.rdb.RdbReader;
import dev.cinnabar.core.rdb.RdbWriter;
import dev.cinnabar.spi.ValueType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an RDB file of an older version (7 to 11), key by key, from the records of a source file: a value
 * the version holds as stored is copied byte for byte ({@link #copy}); any other is re-encoded from its stored
 * bytes element by element ({@link #reencode}, {@link ValueReencoder}: listpack hashes, sorted sets, sets and
 * quicklists become the plain encodings every Redis since 3.2 loads, streams the target's layout, RDB 12
 * hashes with field TTLs plain hashes); a value only a registered type can read (an old-layout module value)
 * comes decoded by the engine ({@link #entry}). What the target cannot hold is left out and recorded in the
 * {@link Report}.
 */
final class RdbVersionWriter {
    /** Version → the Redis releases that write it (for the report). */
    static final Map<Integer, String> RELEASES = Map.of(7, "3.2", 8, "4.0", 9, "5.0/6.0/6.2", 10, "7.0", 11, "7.2");

    /** What the conversion wrote, changed and left out. */
    static final class Report {
        final int version;
        final Map<Integer, Long> keysPerDb = new LinkedHashMap<>();
        final Map<Integer, Long> droppedPerDb = new LinkedHashMap<>();
        final List<String> functionsDropped = new ArrayList<>();
        int functionsWritten;
        final List<Map<String, Object>> dropped = new ArrayList<>();
        final List<Map<String, Object>> changed = new ArrayList<>();
        final Map<String, Long> reencoded = new LinkedHashMap<>();
        /** Keys copied from the source file as stored, never decoded (see {@link #copy}). */
        long valuesCopied;
        long bytes;
        /**
         * Hash field TTLs of an RDB 12 source (Redis 7.4 hash field expiry), which no target version holds: set by
         * the caller from the load, since the engine drops them on reading.
         */
        RdbLoader.FieldTtls fieldTtls = new RdbLoader.FieldTtls(0, 0, 0, 0);

        Report(int version) {
            this.version = version;
        }

        long keysWritten() {
            return keysPerDb.values().stream().mapToLong(Long::longValue).sum();
        }

        boolean lossless() {
            return functionsDropped.isEmpty() && dropped.isEmpty() && changed.isEmpty() && !fieldTtls.any();
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rdb_version", version);
            m.put("redis", RELEASES.get(version));
            m.put("bytes", bytes);
            m.put("keys", keysWritten());
            m.put("functions_written", functionsWritten);
            m.put("functions_dropped", functionsDropped);
            m.put("keys_dropped", dropped);
            m.put("values_changed", changed);
            m.put("reencoded", reencoded);
            m.put("values_copied", valuesCopied);
            m.put("field_ttls_dropped", fieldTtlsJson(fieldTtls));
            m.put("lossless", lossless());
            return m;
        }

        /** The {@code field_ttls_dropped} object of a report (convert's, restore's). */
        static Map<String, Object> fieldTtlsJson(RdbLoader.FieldTtls fieldTtls) {
            Map<String, Object> ttls = new LinkedHashMap<>();
            ttls.put("fields", fieldTtls.ttlsDropped());
            ttls.put("keys", fieldTtls.keysWithTtls());
            ttls.put("fields_already_expired", fieldTtls.fieldsExpired());
            ttls.put("keys_all_fields_expired", fieldTtls.keysAllExpired());
            return ttls;
        }

        /** The report line of field TTLs lost to RDB {@code version} (convert's, restore's). */
        static String fieldTtlsText(RdbLoader.FieldTtls fieldTtls, int version) {
            return "DROPPED field TTLs: " + fieldTtls.ttlsDropped() + " hash fields in "
                    + fieldTtls.keysWithTtls() + " keys kept without their TTL (RDB " + version
                    + " cannot hold field TTLs, a Redis 7.4 / RDB 12 feature)" + (fieldTtls.fieldsExpired() > 0
                    ? "; " + fieldTtls.fieldsExpired() + " fields already expired were left out (Redis 7.4 "
                    + "expires them as soon as it has loaded them)" : "");
        }
    }

    /** Keys and keys with an expiry in one database: the RESIZEDB hint written before its first key. */
    record DbSize(long keys, long volatileKeys) {
    }

    private final int version;
    private final RdbWriter out;
    private final ValueReencoder reencoder;
    private final Report report;
    private final java.util.function.LongFunction<DbSize> sizes;
    private long currentDb = -1;

    private RdbVersionWriter(OutputStream out, int version, java.util.function.LongFunction<DbSize> sizes, long now) {
        this.version = version;
        this.out = new RdbWriter(out, true);
        this.reencoder = new ValueReencoder(version, this.out, now);
        this.report = new Report(version);
        this.sizes = sizes;
    }

    /**
     * Starts a file of RDB version {@code version}: header and aux fields. Keys then go in one by one
     * ({@link #function}, {@link #copy}, {@link #reencode}, {@link #entry}), so at most one element, node or
     * decoded value is held; {@link #finish} ends it.
     *
     * @param sizes each database's RESIZEDB hint (a sizing hint only: Redis's dictExpand)
     * @param now   the time RDB 12 field TTLs are judged at (a field expired by then is left out)
     */
    static RdbVersionWriter start(OutputStream stream, int version, Map<String, String> aux,
                                  java.util.function.LongFunction<DbSize> sizes, long now) {
        if (version < 7 || version > 11) {
            throw new IllegalArgumentException("--rdb-version must be 7 to 11, not " + version);
        }
        RdbVersionWriter w = new RdbVersionWriter(stream, version, sizes, now);
        Map<String, String> fields = aux;
        if (version < 10) {
            // aof-base is a 7.0 field: older servers ignore unknown aux fields, but it means nothing to them
            fields = new java.util.LinkedHashMap<>(aux);
            fields.remove("aof-base");
        }
        RdbFileWriter.writeHeader(w.out, version, fields);
        return w;
    }

    /** The aux fields Redis 7.0 writes ({@code rdbSaveInfoAuxFields}), as the engine's RDB writer does. */
    static Map<String, String> standardAux(boolean aofBase) {
        Map<String, String> aux = new LinkedHashMap<>();
        aux.put("redis-ver", RdbFileWriter.REDIS_VERSION);
        aux.put("redis-bits", "64");
        aux.put("ctime", Long.toString(System.currentTimeMillis() / 1000));
        Runtime rt = Runtime.getRuntime();
        aux.put("used-mem", Long.toString(rt.totalMemory() - rt.freeMemory()));
        aux.put("aof-base", aofBase ? "1" : "0");
        return aux;
    }

    /** A function library: FUNCTION2 from version 10 on, else left out and reported. */
    void function(byte[] library) {
        if (version >= 10) {
            out.writeByte(RdbOpcodes.FUNCTION2);
            out.writeString(library);
            report.functionsWritten++;
        } else {
            report.functionsDropped.add(libraryName(library));
        }
    }

    /**
     * Whether a value stored as RDB type {@code typeId} can go to this version's file byte for byte: the
     * version holds the type (Redis loads every older encoding it ever wrote: zipmap, ziplists, quicklist 1;
     * a module value of the self-describing MODULE_2 layout needs the module in the target server, not here),
     * and it is not an old-layout module value (which only its module reads). RDB 12 hashes with field TTLs
     * came with version 12, which no target is.
     */
    boolean copyable(int typeId) {
        return typeId != Rdb.TYPE_MODULE && version >= RdbTypes.sinceVersion(typeId);
    }

    /**
     * Whether a value stored as RDB type {@code typeId} is written here from its stored bytes, re-encoded
     * element by element ({@link ValueReencoder}), or left out because this version has no place for it.
     */
    boolean streams(int typeId) {
        return reencoder.targetType(typeId) >= 0 || unsupported(typeId) != null;
    }

    /**
     * One key copied as stored: its record (type byte, key, value) is bytes {@code [start, end)} of
     * {@code source}, streamed through a small buffer, so memory does not grow with the value.
     */
    void copy(int db, long expireAt, FileRecords source, long start, long end) throws IOException {
        select(db);
        reencoder.writeExpiry(expireAt);
        if (end - start <= FileRecords.WINDOW) {
            // most records: read through the source's window, one read a megabyte instead of one a record
            byte[] record = source.bytes(start, end);
            out.writeRaw(record, 0, record.length);
        } else {
            byte[] buffer = new byte[1 << 16];
            try (InputStream record = source.open(start, end)) {
                for (int n; (n = record.read(buffer)) > 0; ) {
                    out.writeRaw(buffer, 0, n);
                }
            }
        }
        report.valuesCopied++;
        report.keysPerDb.merge(db, 1L, Long::sum);
    }

    /**
     * One key whose record (type byte, key, value) is bytes {@code [start, end)} of {@code source} and whose type
     * {@link #streams} accepts: re-encoded from those bytes, read again for each pass it needs, or left out.
     *
     * @return false when nothing was written: left out, or a hash with field TTLs whose fields have all expired
     */
    boolean reencode(int db, long expireAt, int typeId, FileRecords source, long start, long end) {
        select(db);
        RdbReader record = source.reader(start + 1, end);
        byte[] key = record.readString();
        long valueAt = record.offset();
        if (dropped(db, key, typeId)) {
            report.droppedPerDb.merge(db, 1L, Long::sum);
            return false;
        }
        if (!reencode(db, key, expireAt, typeId, () -> source.reader(valueAt, end))) {
            return false;
        }
        report.keysPerDb.merge(db, 1L, Long::sum);
        return true;
    }

    /** One key (keys of a database together, as a file has them): SELECTDB and RESIZEDB when the database changes. */
    void entry(int db, byte[] key, Object value, ValueType<?> type, long expireAt) {
        select(db);
        if (writeEntry(db, key, value, type, expireAt)) {
            report.keysPerDb.merge(db, 1L, Long::sum);
        } else {
            report.droppedPerDb.merge(db, 1L, Long::sum);
        }
    }

    private void select(int db) {
        if (db != currentDb) {
            DbSize size = sizes.apply(db);
            out.writeByte(RdbOpcodes.SELECTDB);
            out.writeLength(db);
            out.writeByte(RdbOpcodes.RESIZEDB);
            out.writeLength(size.keys());
            out.writeLength(size.volatileKeys());
            currentDb = db;
        }
    }

    /** EOF and the CRC-64; flushes. */
    Report finish() {
        out.writeByte(RdbOpcodes.EOF);
        out.writeLittleEndian(out.crc(), 8);
        out.flush();
        report.bytes = out.written();
        return report;
    }

    /** The name in a library's {@code #!lua name=NAME} shebang. */
    static String libraryName(byte[] code) {
        String first = new String(code, 0, Math.min(code.length, 512), StandardCharsets.UTF_8).split("\n", 2)[0];
        int at = first.indexOf("name=");
        return at < 0 ? first : first.substring(at + 5).split("\\s", 2)[0];
    }

    private <T> boolean writeEntry(int db, byte[] key, Object value, ValueType<T> type, long expireAt) {
        T typed = type.valueClass().cast(value);
        int typeId = type.rdbTypeId(typed);
        if (dropped(db, key, typeId)) {
            return false;
        }
        if (reencoder.targetType(typeId) < 0) {
            reencoder.writeExpiry(expireAt);
            // straight to the file: no copy of the value's bytes
            out.writeByte(typeId);
            out.writeString(key);
            type.writeRdb(typed, out);
            return true;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbWriter scratch = new RdbWriter(bytes, true);
        type.writeRdb(typed, scratch);
        scratch.flush();
        byte[] encoded = bytes.toByteArray();
        return reencode(db, key, expireAt, typeId, () -> new RdbReader(new ByteArrayInputStream(encoded), 10));
    }

    /** Whether a key of {@code typeId} has no place in this version: then it is recorded in the report. */
    private boolean dropped(int db, byte[] key, int typeId) {
        String reason = unsupported(typeId);
        if (reason == null) {
            return false;
        }
        report.dropped.add(Map.of("db", db, "key", KeyText.of(key), "rdb_type", typeId, "reason", reason));
        return true;
    }

    private boolean reencode(int db, byte[] key, long expireAt, int typeId, ValueReencoder.Source value) {
        boolean written = reencoder.write(typeId, key, expireAt, value, change -> {
            Map<String, Object> placed = new LinkedHashMap<>();
            placed.put("db", db);
            placed.putAll(change);
            report.changed.add(placed);
        });
        if (written) {
            report.reencoded.merge(typeId + "->" + reencoder.targetType(typeId), 1L, Long::sum);
        }
        return written;
    }

    private String unsupported(int typeId) {
        boolean stream = typeId == Rdb.TYPE_STREAM_LISTPACKS || typeId == Rdb.TYPE_STREAM_LISTPACKS_2
                || typeId == Rdb.TYPE_STREAM_LISTPACKS_3;
        if (stream && version < 9) {
            return "streams need RDB 9 (Redis 5.0)";
        }
        if ((typeId == Rdb.TYPE_MODULE || typeId == Rdb.TYPE_MODULE_2) && version < 9) {
            return "module values need RDB 9 here (and the module in the target server)";
        }
        return null;
    }

    /** Keys as text in reports: UTF-8 where valid, else escaped as redis-cli does. */
    static final class KeyText {
        private KeyText() {
        }

        static String of(byte[] key) {
            StringBuilder sb = new StringBuilder();
            for (byte b : key) {
                int c = b & 0xff;
                if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                    sb.append((char) c);
                } else if (c == '"' || c == '\\') {
                    sb.append('\\').append((char) c);
                } else {
                    sb.append(String.format("\\x%02x", c));
                }
            }
            return sb.toString();
        }
    }
}
