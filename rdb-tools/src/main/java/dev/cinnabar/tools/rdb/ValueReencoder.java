// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.rdb.HashFieldTtls;
import dev.cinnabar.core.rdb.ListpackReader;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbReader;
import dev.cinnabar.core.rdb.RdbWriter;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rewrites one stored value in an encoding an older RDB version holds, element by element from the stored
 * bytes: listpack hashes, sorted sets and sets (7.0/7.2) become the plain encodings every Redis since 3.2
 * loads (hash 4, zset 5 or 3, set 2), quicklist 2 lists plain lists (1), 7.0/7.2 streams the layout of the
 * target (15 or 19), RDB 12 hashes with field TTLs plain hashes (4) without the TTLs and without the fields
 * already expired. Memory holds one element, one listpack or one stream node, never the value: a layout that
 * needs its element count first (a list, a hash with field TTLs) is read twice, once to count.
 */
final class ValueReencoder {
    /** A fresh reader at the value's first byte (after the type byte and the key); opened once per pass. */
    @FunctionalInterface
    interface Source {
        RdbReader open();
    }

    /** What a re-encoding changed in a value beyond its layout. */
    interface Changes {
        /** Stream fields the target version lacks: the key, a {@code what} text and the values left out. */
        void changed(Map<String, Object> what);

        /**
         * An RDB 12 hash's field TTLs: the TTLs its live fields lost, and the fields left out as already expired
         * ({@code keyDropped}: all of them, and nothing was written), in the terms of {@link
         * dev.cinnabar.core.rdb.FieldTtlTally#hashFieldTtls}.
         */
        default void fieldTtls(long ttlsDropped, long fieldsExpired, boolean keyDropped) {
        }
    }

    private final int version;
    private final RdbWriter out;
    private final long now;

    /** @param now the time field TTLs are judged at: a field expired by then is left out, as Redis 7.4 expires it */
    ValueReencoder(int version, RdbWriter out, long now) {
        this.version = version;
        this.out = out;
        this.now = now;
    }

    /** The type {@code typeId} becomes in this version's file, or -1 when it needs no re-encoding here. */
    int targetType(int typeId) {
        return switch (typeId) {
            case Rdb.TYPE_ZSET_2 -> version < 8 ? Rdb.TYPE_ZSET : -1;
            case Rdb.TYPE_HASH_LISTPACK -> version < 10 ? Rdb.TYPE_HASH : -1;
            case Rdb.TYPE_ZSET_LISTPACK -> version < 10 ? zsetType() : -1;
            case Rdb.TYPE_LIST_QUICKLIST_2 -> version < 10 ? Rdb.TYPE_LIST : -1;
            case Rdb.TYPE_SET_LISTPACK -> version < 11 ? Rdb.TYPE_SET : -1;
            case Rdb.TYPE_STREAM_LISTPACKS_2 -> version == 9 ? Rdb.TYPE_STREAM_LISTPACKS : -1;
            case Rdb.TYPE_STREAM_LISTPACKS_3 -> version == 9 ? Rdb.TYPE_STREAM_LISTPACKS
                    : version == 10 ? Rdb.TYPE_STREAM_LISTPACKS_2 : -1;
            case Rdb.TYPE_HASH_METADATA_PRE_GA, Rdb.TYPE_HASH_LISTPACK_EX_PRE_GA, Rdb.TYPE_HASH_METADATA,
                    Rdb.TYPE_HASH_LISTPACK_EX -> Rdb.TYPE_HASH;
            default -> -1;
        };
    }

    private int zsetType() {
        return version >= 8 ? Rdb.TYPE_ZSET_2 : Rdb.TYPE_ZSET;
    }

    /**
     * Writes the key's expiry (if {@code expireAt > 0}), the type byte, {@code key} and the value of {@code typeId}
     * read from {@code value}, re-encoded as {@link #targetType} says.
     *
     * @return false when nothing was written: a hash with field TTLs all of whose fields have expired
     */
    boolean write(int typeId, byte[] key, long expireAt, Source value, Changes changes) {
        return write(typeId, key, expireAt, value, changes, true);
    }

    /**
     * As {@link #write} without the expiry, type byte and key: the value alone, the body of a DUMP payload whose
     * type byte is {@link #targetType} ({@code key} only names the value in {@code changes}).
     *
     * @return false when nothing was written: a hash with field TTLs all of whose fields have expired
     */
    boolean writeValue(int typeId, byte[] key, Source value, Changes changes) {
        return write(typeId, key, -1, value, changes, false);
    }

    private boolean write(int typeId, byte[] key, long expireAt, Source value, Changes changes, boolean record) {
        int target = targetType(typeId);
        if (target < 0) {
            throw new IllegalArgumentException("RDB type " + typeId + " needs no re-encoding for RDB " + version);
        }
        if (HashFieldTtls.isFieldTtlType(typeId)) {
            return fieldTtlHash(typeId, key, expireAt, value, changes, record);
        }
        if (record) {
            writeHead(expireAt, target, key);
        }
        RdbReader in = value.open();
        switch (typeId) {
            case Rdb.TYPE_HASH_LISTPACK, Rdb.TYPE_SET_LISTPACK -> listpackAsCollection(typeId, in);
            case Rdb.TYPE_ZSET_LISTPACK -> zsetFromListpack(in);
            case Rdb.TYPE_ZSET_2 -> zsetFromZset2(in);
            case Rdb.TYPE_LIST_QUICKLIST_2 -> list(value);
            default -> stream(typeId, target, key, in, changes);
        }
        return true;
    }

    /** A listpack of hash field, value pairs or set members, as the plain type's count and strings. */
    private void listpackAsCollection(int typeId, RdbReader in) {
        boolean hash = typeId == Rdb.TYPE_HASH_LISTPACK;
        long at = in.offset();
        List<byte[]> items = ListpackReader.elements(in.readString(), hash ? "hash listpack" : "set listpack", at);
        out.writeLength(hash ? items.size() / 2 : items.size());
        for (byte[] item : items) {
            out.writeString(item);
        }
    }

    private void zsetFromListpack(RdbReader in) {
        long at = in.offset();
        List<byte[]> items = ListpackReader.elements(in.readString(), "zset listpack", at);
        out.writeLength(items.size() / 2);
        for (int i = 0; i < items.size(); i += 2) {
            out.writeString(items.get(i));
            writeScore(parseScore(items.get(i + 1)));
        }
    }

    private void zsetFromZset2(RdbReader in) {
        long n = in.readLength();
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
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** A quicklist 2 as a plain list: the items are counted in a first pass, since the count comes first. */
    private void list(Source value) {
        long items = 0;
        RdbReader counting = value.open();
        long nodes = counting.readLength();
        for (long i = 0; i < nodes; i++) {
            long container = counting.readLength();
            long at = counting.offset();
            byte[] blob = counting.readString();
            items += container == Rdb.QUICKLIST_NODE_PLAIN ? 1 : ListpackReader.validate(blob, "quicklist node", at);
        }
        out.writeLength(items);
        RdbReader in = value.open();
        in.readLength();
        for (long i = 0; i < nodes; i++) {
            long container = in.readLength();
            long at = in.offset();
            byte[] blob = in.readString();
            if (container == Rdb.QUICKLIST_NODE_PLAIN) {
                out.writeString(blob);
            } else {
                for (byte[] item : ListpackReader.elements(blob, "quicklist node", at)) {
                    out.writeString(item);
                }
            }
        }
    }

    /**
     * An RDB 12 hash with field TTLs as a plain hash: the fields that have not expired by {@code now}, without
     * their TTLs (counted in a first pass, since the count comes first).
     */
    private boolean fieldTtlHash(int typeId, byte[] key, long keyExpireAt, Source value, Changes changes,
                                 boolean record) {
        HashFieldTtls.FieldFate fate = HashFieldTtls.fate(typeId, value.open(), now);
        if (fate.anyLost()) {
            changes.fieldTtls(fate.ttlsDropped(), fate.expired(), fate.kept() == 0);
        }
        if (fate.kept() == 0) {
            return false;
        }
        if (record) {
            writeHead(keyExpireAt, Rdb.TYPE_HASH, key);
        }
        out.writeLength(fate.kept());
        HashFieldTtls.forEach(typeId, value.open(), (field, v, expireAt) -> {
            if (!HashFieldTtls.expired(expireAt, now)) {
                out.writeString(field);
                out.writeString(v);
            }
        });
        return true;
    }

    /** What comes before a record's value: the key's expiry, the type byte, the key. */
    private void writeHead(long expireAt, int type, byte[] key) {
        writeExpiry(expireAt);
        out.writeByte(type);
        out.writeString(key);
    }

    /** The key's expiry ahead of its record: {@code expireAt} in Unix ms, none when 0 or less. */
    void writeExpiry(long expireAt) {
        if (expireAt > 0) {
            out.writeExpireTimeMs(expireAt);
        }
    }

    /**
     * A 7.0 (type 19) or 7.2 (type 21) stream as the target's layout, node by node: the same nodes, length, last
     * id, groups, PELs and consumers; for type 15 (5.x/6.x) without first id, max deleted id, entries added and
     * each group's entries read (a 7.x server loading the file recomputes them; a 6.x server never had them);
     * for type 19 without the consumers' active time of 7.2 (7.0 has none).
     */
    private void stream(int typeId, int target, byte[] key, RdbReader in, Changes changes) {
        long nodes = in.readLength();
        out.writeLength(nodes);
        for (long i = 0; i < nodes; i++) {
            out.writeString(in.readString());
            out.writeString(in.readString());
        }
        copyLengths(in, 3);
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("key", RdbVersionWriter.KeyText.of(key));
        if (target == Rdb.TYPE_STREAM_LISTPACKS) {
            change.put("first_id", id(in));
            change.put("max_deleted_entry_id", id(in));
            change.put("entries_added", in.readLength());
        } else {
            copyLengths(in, 5);
        }
        long groups = in.readLength();
        out.writeLength(groups);
        Map<String, Long> entriesRead = new LinkedHashMap<>();
        long activeTimes = 0;
        for (long g = 0; g < groups; g++) {
            byte[] name = in.readString();
            out.writeString(name);
            copyLengths(in, 2);
            long read = in.readLength();
            if (target == Rdb.TYPE_STREAM_LISTPACKS) {
                // SCG_INVALID_ENTRIES_READ (-1): Redis did not know it either (XINFO shows nil)
                entriesRead.put(RdbVersionWriter.KeyText.of(name), read == -1 ? null : read);
            } else {
                writeUnsigned(read);
            }
            long pel = in.readLength();
            out.writeLength(pel);
            for (long p = 0; p < pel; p++) {
                out.writeRaw(in.readBytes(16, 0));
                out.writeLittleEndian(in.readLittleEndian(8), 8);
                writeUnsigned(in.readLength());
            }
            long consumers = in.readLength();
            out.writeLength(consumers);
            for (long c = 0; c < consumers; c++) {
                out.writeString(in.readString());
                out.writeLittleEndian(in.readLittleEndian(8), 8);
                if (typeId == Rdb.TYPE_STREAM_LISTPACKS_3) {
                    in.readLittleEndian(8);
                    activeTimes++;
                }
                long owned = in.readLength();
                out.writeLength(owned);
                for (long p = 0; p < owned; p++) {
                    out.writeRaw(in.readBytes(16, 0));
                }
            }
        }
        if (target == Rdb.TYPE_STREAM_LISTPACKS) {
            change.put("groups_entries_read", entriesRead);
            change.put("what", "stream counters not in RDB " + version + ": first_id, max_deleted_entry_id, "
                    + "entries_added, each group's entries_read (Redis 7 recomputes them on load)"
                    + (activeTimes > 0 ? "; consumers' active-time (Redis 7.2)" : ""));
        } else if (activeTimes > 0) {
            change.put("consumers", activeTimes);
            change.put("what", "consumers' active-time not in RDB " + version + " (a Redis 7.2 field; 7.0 shows "
                    + "only seen-time)");
        } else {
            return;
        }
        changes.changed(change);
    }

    private static String id(RdbReader in) {
        return Long.toUnsignedString(in.readLength()) + "-" + Long.toUnsignedString(in.readLength());
    }

    private void copyLengths(RdbReader in, int n) {
        for (int i = 0; i < n; i++) {
            writeUnsigned(in.readLength());
        }
    }

    /**
     * A length read back as stored: an unsigned 64-bit value (a stream id's sequence, a group's entries read of
     * -1) comes out of {@link RdbReader#readLength} negative, and goes back in the 64-bit form.
     */
    private void writeUnsigned(long length) {
        if (length >= 0) {
            out.writeLength(length);
            return;
        }
        out.writeByte(Rdb.LEN_64BIT);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.writeByte((int) (length >>> shift));
        }
    }
}
