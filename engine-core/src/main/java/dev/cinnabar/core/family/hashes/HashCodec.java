// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.hashes;

import dev.cinnabar.core.rdb.ListpackReader;
import dev.cinnabar.core.rdb.ListpackWriter;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RewriteBatch;
import dev.cinnabar.core.rdb.Ziplist;
import dev.cinnabar.core.rdb.Zipmap;
import dev.cinnabar.core.structures.ByteMap;
import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.RdbOutput;
import dev.cinnabar.spi.ValueType.CommandSink;

import java.util.List;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The RDB and AOF forms of a hash, as Redis 7.0's {@code rdbSaveObject}, {@code rdbLoadObject} and
 * {@code rewriteHashObject}: the compact encoding is saved as the listpack Redis would hold, byte for
 * byte; a hashtable as a count and field, value pairs. Older encodings (zipmap, ziplist) are read and
 * converted as Redis converts them.
 */
final class HashCodec {
    private static final byte[] HMSET = "HMSET".getBytes(US_ASCII);

    private HashCodec() {
    }

    static int rdbTypeId(HashValue hash) {
        return hash.compact() != null ? Rdb.TYPE_HASH_LISTPACK : Rdb.TYPE_HASH;
    }

    static void write(HashValue hash, RdbOutput out) {
        PackedPairs compact = hash.compact();
        if (compact != null) {
            ListpackWriter lp = new ListpackWriter();
            for (int pos = compact.first(); pos < compact.end(); pos = compact.next(pos)) {
                lp.append(compact.field(pos)).append(compact.value(pos));
            }
            out.writeString(lp.toBytes());
            return;
        }
        out.writeLength(hash.size());
        hash.forEach((field, value) -> {
            out.writeString(field);
            out.writeString(value);
        });
    }

    /** Reads a hash saved as {@code typeId}; null for an empty one, which Redis skips as an empty key. */
    static HashValue read(int typeId, RdbInput in, HashLimits limits) {
        long at = Rdb.offset(in);
        return switch (typeId) {
            case Rdb.TYPE_HASH -> readPlain(in, limits, at);
            case Rdb.TYPE_HASH_LISTPACK -> fromPairs(ListpackReader.elements(in.readString(), "Hash listpack", at),
                    limits, false, "Hash listpack", at);
            case Rdb.TYPE_HASH_ZIPLIST -> fromPairs(Ziplist.elements(in.readString(), "Hash ziplist", at),
                    limits, false, "Hash ziplist", at);
            case Rdb.TYPE_HASH_ZIPMAP -> fromPairs(Zipmap.elements(in.readString(), at), limits, true,
                    "Hash zipmap", at);
            default -> throw new RdbFormatException("hash cannot be read from RDB type " + typeId, at);
        };
    }

    /**
     * RDB_TYPE_HASH: a hashtable from the start when the count exceeds {@code hash-max-listpack-entries},
     * else compact until a field or value exceeds {@code hash-max-listpack-value}.
     */
    private static HashValue readPlain(RdbInput in, HashLimits limits, long at) {
        long len = in.readLength();
        if (len == 0) {
            return null;
        }
        PackedPairs compact = len > limits.maxEntries() ? null : new PackedPairs();
        ByteMap<byte[]> table = compact == null ? new ByteMap<>() : null;
        ByteMap<Boolean> seen = compact == null ? null : new ByteMap<>();
        for (long i = 0; i < len; i++) {
            byte[] field = in.readString();
            byte[] value = in.readString();
            if (compact != null && (field.length > limits.maxValue() || value.length > limits.maxValue())) {
                table = toTable(compact);
                compact = null;
                seen = null;
            }
            boolean duplicate = compact != null ? seen.put(field, Boolean.TRUE) != null
                    : table.put(field, value) != null;
            if (duplicate) {
                throw new RdbFormatException("Duplicate hash fields detected", at);
            }
            if (compact != null) {
                compact.append(field, value);
            }
        }
        return compact != null ? HashValue.ofCompact(compact) : HashValue.ofTable(table);
    }

    /**
     * A hash from alternating fields and values of a listpack, ziplist or zipmap: duplicates and an odd
     * count are errors; it becomes a hashtable when it has more pairs than {@code hash-max-listpack-entries},
     * or (zipmap only, as in Redis) a field or value longer than {@code hash-max-listpack-value}.
     */
    private static HashValue fromPairs(List<byte[]> elements, HashLimits limits, boolean checkLengths, String what,
            long at) {
        if (elements.size() % 2 != 0) {
            throw new RdbFormatException(what + " integrity check failed: odd number of elements", at);
        }
        if (elements.isEmpty()) {
            return null;
        }
        ByteMap<byte[]> table = new ByteMap<>();
        int longest = 0;
        for (int i = 0; i < elements.size(); i += 2) {
            if (table.put(elements.get(i), elements.get(i + 1)) != null) {
                throw new RdbFormatException(what + " integrity check failed: duplicate field", at);
            }
            longest = Math.max(longest, Math.max(elements.get(i).length, elements.get(i + 1).length));
        }
        if (table.size() > limits.maxEntries() || (checkLengths && longest > limits.maxValue())) {
            return HashValue.ofTable(table);
        }
        PackedPairs compact = new PackedPairs();
        for (int i = 0; i < elements.size(); i += 2) {
            compact.append(elements.get(i), elements.get(i + 1));
        }
        return HashValue.ofCompact(compact);
    }

    private static ByteMap<byte[]> toTable(PackedPairs compact) {
        ByteMap<byte[]> table = new ByteMap<>();
        for (int pos = compact.first(); pos < compact.end(); pos = compact.next(pos)) {
            table.put(compact.field(pos), compact.value(pos));
        }
        return table;
    }

    /** {@code rewriteHashObject}: HMSET with up to 64 field, value pairs each. */
    static void rewrite(byte[] key, HashValue hash, CommandSink sink) {
        RewriteBatch batch = new RewriteBatch(sink, HMSET, key);
        hash.forEach(batch::add);
        batch.finish();
    }
}
