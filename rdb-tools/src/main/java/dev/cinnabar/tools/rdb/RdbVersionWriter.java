// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.ListpackReader;
import dev.cinnabar.core.rdb.RdbFileWriter;
import dev.cinnabar.core.rdb.RdbLoader;
import dev.cinnabar.core.rdb.RdbOpcodes;
import dev.cinnabar.core.rdb.RdbReader;
import dev.cinnabar.core.rdb.RdbWriter;
import dev.cinnabar.spi.ValueType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an engine's data as an RDB file of an older version (7 to 11). Each value is first serialized as
 * the engine writes it (RDB 10, Redis 7.0) and then, for older targets, re-encoded from those bytes with
 * engine-core's primitives: listpack hashes, sorted sets and quicklists become the plain encodings every
 * Redis since 3.2 loads (hash 4, zset 5 or 3, list 1), streams the 5.x/6.x layout (type 15) without the 7.0
 * counters. What the target cannot hold is left out and recorded in the {@link Report}.
 */
final class RdbVersionWriter {
    /** Version → the Redis releases that write it (for the report). */
    static final Map<Integer, String> RELEASES = Map.of(7, "3.2", 8, "4.0", 9, "5.0/6.0/6.2", 10, "7.0", 11, "7.2");

    private static final int TYPE_STRING = 0;
    private static final int TYPE_LIST = 1;
    private static final int TYPE_ZSET = 3;
    private static final int TYPE_HASH = 4;
    private static final int TYPE_ZSET_2 = 5;
    private static final int TYPE_MODULE = 6;
    private static final int TYPE_MODULE_2 = 7;
    private static final int TYPE_STREAM_LISTPACKS = 15;
    private static final int TYPE_HASH_LISTPACK = 16;
    private static final int TYPE_ZSET_LISTPACK = 17;
    private static final int TYPE_LIST_QUICKLIST_2 = 18;
    private static final int TYPE_STREAM_LISTPACKS_2 = 19;
    private static final int QUICKLIST_NODE_PLAIN = 1;

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
            Map<String, Object> ttls = new LinkedHashMap<>();
            ttls.put("fields", fieldTtls.ttlsDropped());
            ttls.put("keys", fieldTtls.keysWithTtls());
            ttls.put("fields_already_expired", fieldTtls.fieldsExpired());
            ttls.put("keys_all_fields_expired", fieldTtls.keysAllExpired());
            m.put("field_ttls_dropped", ttls);
            m.put("lossless", lossless());
            return m;
        }
    }

    /** Keys and keys with an expiry in one database: the RESIZEDB hint written before its first key. */
    record DbSize(long keys, long volatileKeys) {
    }

    private final int version;
    private final RdbWriter out;
    private final Report report;
    private final java.util.function.LongFunction<DbSize> sizes;
    private long currentDb = -1;

    private RdbVersionWriter(OutputStream out, int version, java.util.function.LongFunction<DbSize> sizes) {
        this.version = version;
        this.out = new RdbWriter(out, true);
        this.report = new Report(version);
        this.sizes = sizes;
    }

    /**
     * Starts a file of RDB version {@code version}: header and aux fields. Keys then go in one by one
     * ({@link #function}, {@link #entry}), so only the value being written is held; {@link #finish} ends it.
     *
     * @param sizes each database's RESIZEDB hint (a sizing hint only: Redis's dictExpand)
     */
    static RdbVersionWriter start(OutputStream stream, int version, Map<String, String> aux,
                                  java.util.function.LongFunction<DbSize> sizes) {
        if (version < 7 || version > 11) {
            throw new IllegalArgumentException("--rdb-version must be 7 to 11, not " + version);
        }
        RdbVersionWriter w = new RdbVersionWriter(stream, version, sizes);
        w.out.writeRaw(String.format("REDIS%04d", version).getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, String> field : aux.entrySet()) {
            // aof-base is a 7.0 field: older servers ignore unknown aux fields, but it means nothing to them
            if (version < 10 && field.getKey().equals("aof-base")) {
                continue;
            }
            w.out.writeByte(RdbOpcodes.AUX);
            w.out.writeString(field.getKey().getBytes(StandardCharsets.UTF_8));
            w.out.writeString(field.getValue().getBytes(StandardCharsets.UTF_8));
        }
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
     * version holds the type (Redis loads every older encoding it ever wrote: zipmap, ziplists, quicklist 1),
     * and it is neither a module value (only a registered type knows its layout; decoded as before) nor an
     * RDB 12 hash with field TTLs (which no target holds).
     */
    boolean copyable(int typeId) {
        int since = switch (typeId) {
            case TYPE_STRING, TYPE_LIST, 2, TYPE_ZSET, TYPE_HASH, 9, 10, 11, 12, 13 -> 1;
            case 14 -> 7;
            case TYPE_ZSET_2 -> 8;
            case TYPE_STREAM_LISTPACKS -> 9;
            case TYPE_HASH_LISTPACK, TYPE_ZSET_LISTPACK, TYPE_LIST_QUICKLIST_2, TYPE_STREAM_LISTPACKS_2 -> 10;
            case 20, 21 -> 11;
            default -> Integer.MAX_VALUE;
        };
        return version >= since;
    }

    /**
     * One key copied as stored: its record (type byte, key, value) is bytes {@code [start, end)} of
     * {@code source}, streamed through a small buffer, so memory does not grow with the value.
     */
    void copy(int db, long expireAt, FileChannel source, long start, long end) throws IOException {
        select(db);
        if (expireAt > 0) {
            out.writeByte(RdbOpcodes.EXPIRETIME_MS);
            out.writeLittleEndian(expireAt, 8);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(1 << 16, Math.max(1, end - start)));
        for (long at = start; at < end; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
            int n = source.read(buffer, at);
            if (n < 0) {
                throw new EOFException("the source ended at " + at + ", inside the record " + start + "-" + end);
            }
            out.writeRaw(buffer.array(), 0, n);
            at += n;
        }
        report.valuesCopied++;
        report.keysPerDb.merge(db, 1L, Long::sum);
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
        String reason = unsupported(typeId);
        if (reason != null) {
            report.dropped.add(Map.of("db", db, "key", KeyText.of(key), "rdb_type", typeId, "reason", reason));
            return false;
        }
        if (expireAt > 0) {
            out.writeByte(RdbOpcodes.EXPIRETIME_MS);
            out.writeLittleEndian(expireAt, 8);
        }
        if (version >= 10 || !needsReencoding(typeId)) {
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
        RdbReader in = new RdbReader(new ByteArrayInputStream(encoded), 10);
        switch (typeId) {
            case TYPE_HASH_LISTPACK -> hash(key, in);
            case TYPE_ZSET_LISTPACK -> zset(key, in);
            case TYPE_LIST_QUICKLIST_2 -> list(key, in);
            case TYPE_ZSET_2 -> zsetFromZset2(key, in);
            case TYPE_STREAM_LISTPACKS_2 -> stream(db, key, in);
            default -> throw new IllegalStateException("no re-encoding for RDB type " + typeId);
        }
        report.reencoded.merge(typeId + "->" + targetType(typeId), 1L, Long::sum);
        return true;
    }

    private String unsupported(int typeId) {
        if ((typeId == TYPE_STREAM_LISTPACKS_2) && version < 9) {
            return "streams need RDB 9 (Redis 5.0)";
        }
        if ((typeId == TYPE_MODULE || typeId == TYPE_MODULE_2) && version < 9) {
            return "module values need RDB 9 here (and the module in the target server)";
        }
        return null;
    }

    private boolean needsReencoding(int typeId) {
        return typeId == TYPE_HASH_LISTPACK || typeId == TYPE_ZSET_LISTPACK || typeId == TYPE_LIST_QUICKLIST_2
                || typeId == TYPE_STREAM_LISTPACKS_2 || (typeId == TYPE_ZSET_2 && version < 8);
    }

    private int targetType(int typeId) {
        return switch (typeId) {
            case TYPE_HASH_LISTPACK -> TYPE_HASH;
            case TYPE_ZSET_LISTPACK, TYPE_ZSET_2 -> version >= 8 ? TYPE_ZSET_2 : TYPE_ZSET;
            case TYPE_LIST_QUICKLIST_2 -> TYPE_LIST;
            default -> TYPE_STREAM_LISTPACKS;
        };
    }

    private void hash(byte[] key, RdbReader in) {
        List<byte[]> items = ListpackReader.elements(in.readString(), "hash listpack", 0);
        out.writeByte(TYPE_HASH);
        out.writeString(key);
        out.writeLength(items.size() / 2);
        for (byte[] item : items) {
            out.writeString(item);
        }
    }

    private void zset(byte[] key, RdbReader in) {
        List<byte[]> items = ListpackReader.elements(in.readString(), "zset listpack", 0);
        out.writeByte(targetType(TYPE_ZSET_LISTPACK));
        out.writeString(key);
        out.writeLength(items.size() / 2);
        for (int i = 0; i < items.size(); i += 2) {
            out.writeString(items.get(i));
            writeScore(parseScore(items.get(i + 1)));
        }
    }

    private void zsetFromZset2(byte[] key, RdbReader in) {
        long n = in.readLength();
        out.writeByte(TYPE_ZSET);
        out.writeString(key);
        out.writeLength(n);
        for (long i = 0; i < n; i++) {
            out.writeString(in.readString());
            writeScore(in.readBinaryDouble());
        }
    }

    /** ZSET_2 stores the binary double; type 3 (RDB 7) the text form of {@code rdbSaveDoubleValue}. */
    private void writeScore(double score) {
        if (version >= 8) {
            out.writeBinaryDouble(score);
        } else if (Double.isNaN(score)) {
            out.writeByte(253);
        } else if (Double.isInfinite(score)) {
            out.writeByte(score > 0 ? 254 : 255);
        } else {
            // shortest text that parses back (strtod) to the same double
            byte[] text = Double.toString(score).getBytes(StandardCharsets.US_ASCII);
            out.writeByte(text.length);
            out.writeRaw(text);
        }
    }

    static double parseScore(byte[] text) {
        String s = new String(text, StandardCharsets.US_ASCII);
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    private void list(byte[] key, RdbReader in) {
        long nodes = in.readLength();
        List<byte[]> items = new ArrayList<>();
        for (long i = 0; i < nodes; i++) {
            long container = in.readLength();
            byte[] blob = in.readString();
            if (container == QUICKLIST_NODE_PLAIN) {
                items.add(blob);
            } else {
                items.addAll(ListpackReader.elements(blob, "quicklist node", 0));
            }
        }
        out.writeByte(TYPE_LIST);
        out.writeString(key);
        out.writeLength(items.size());
        for (byte[] item : items) {
            out.writeString(item);
        }
    }

    /**
     * STREAM_LISTPACKS_2 (7.0) to STREAM_LISTPACKS (5.x/6.x): the same nodes, length, last id, groups, PELs and
     * consumers, without first id, max deleted id, entries added and each group's entries read (a 7.x server
     * loading the file recomputes them; a 6.x server never had them).
     */
    private void stream(int db, byte[] key, RdbReader in) {
        out.writeByte(TYPE_STREAM_LISTPACKS);
        out.writeString(key);
        long nodes = in.readLength();
        out.writeLength(nodes);
        for (long i = 0; i < nodes; i++) {
            out.writeString(in.readString());
            out.writeString(in.readString());
        }
        out.writeLength(in.readLength());
        out.writeLength(in.readLength());
        out.writeLength(in.readLength());
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("db", db);
        change.put("key", KeyText.of(key));
        change.put("first_id", in.readLength() + "-" + in.readLength());
        change.put("max_deleted_entry_id", in.readLength() + "-" + in.readLength());
        change.put("entries_added", in.readLength());
        long groups = in.readLength();
        out.writeLength(groups);
        Map<String, Long> entriesRead = new LinkedHashMap<>();
        for (long g = 0; g < groups; g++) {
            byte[] name = in.readString();
            out.writeString(name);
            out.writeLength(in.readLength());
            out.writeLength(in.readLength());
            long read = in.readLength();
            // SCG_INVALID_ENTRIES_READ (-1): Redis did not know it either (XINFO shows nil)
            entriesRead.put(KeyText.of(name), read == -1 ? null : read);
            long pel = in.readLength();
            out.writeLength(pel);
            for (long p = 0; p < pel; p++) {
                out.writeRaw(in.readBytes(16, 0));
                out.writeLittleEndian(in.readLittleEndian(8), 8);
                out.writeLength(in.readLength());
            }
            long consumers = in.readLength();
            out.writeLength(consumers);
            for (long c = 0; c < consumers; c++) {
                out.writeString(in.readString());
                out.writeLittleEndian(in.readLittleEndian(8), 8);
                long owned = in.readLength();
                out.writeLength(owned);
                for (long p = 0; p < owned; p++) {
                    out.writeRaw(in.readBytes(16, 0));
                }
            }
        }
        change.put("groups_entries_read", entriesRead);
        change.put("what", "stream counters not in RDB " + version + ": first_id, max_deleted_entry_id, "
                + "entries_added, each group's entries_read (Redis 7 recomputes them on load)");
        report.changed.add(change);
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
