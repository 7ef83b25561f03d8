// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sets;

import dev.cinnabar.core.rdb.ListpackReader;
import dev.cinnabar.core.rdb.Rdb;
import dev.cinnabar.core.rdb.RdbFormatException;
import dev.cinnabar.core.rdb.RewriteBatch;
import dev.cinnabar.spi.RdbInput;
import dev.cinnabar.spi.RdbOutput;
import dev.cinnabar.spi.ValueType.CommandSink;

import java.util.List;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The RDB and AOF forms of a set, as Redis 7.0's {@code rdbSaveObject}, {@code rdbLoadObject} and
 * {@code rewriteSetObject}: an intset is saved as its blob, a hashtable as a count and the members.
 */
final class SetCodec {
    private static final byte[] SADD = "SADD".getBytes(US_ASCII);
    /** Redis caps {@code set-max-intset-entries} at 2^30 when loading. */
    private static final long MAX_INTSET_ENTRIES = 1 << 30;

    private SetCodec() {
    }

    static int rdbTypeId(SetValue set) {
        return set.isIntset() ? Rdb.TYPE_SET_INTSET : Rdb.TYPE_SET;
    }

    static void write(SetValue set, RdbOutput out) {
        IntSet ints = set.intset();
        if (ints != null) {
            out.writeString(ints.toBlob());
            return;
        }
        out.writeLength(set.size());
        set.forEach(out::writeString);
    }

    /**
     * Reads a set saved as {@code typeId}; null for an empty one, which Redis skips as an empty key.
     *
     * @param maxIntsetEntries the current {@code set-max-intset-entries}
     */
    static SetValue read(int typeId, RdbInput in, long maxIntsetEntries) {
        long at = Rdb.offset(in);
        long max = Math.min(maxIntsetEntries, MAX_INTSET_ENTRIES);
        return switch (typeId) {
            case Rdb.TYPE_SET -> readPlain(in, max, at);
            case Rdb.TYPE_SET_INTSET -> {
                IntSet ints = IntSet.fromBlob(in.readString());
                if (ints == null) {
                    throw new RdbFormatException("Intset integrity check failed", at);
                }
                yield SetValue.loaded(ints, max);
            }
            case Rdb.TYPE_SET_LISTPACK -> fromMembers(ListpackReader.elements(in.readString(), "Set listpack", at),
                    max, at);
            default -> throw new RdbFormatException("set cannot be read from RDB type " + typeId, at);
        };
    }

    /** RDB_TYPE_SET: a hashtable from the start when the count exceeds the intset limit. */
    private static SetValue readPlain(RdbInput in, long max, long at) {
        long len = in.readLength();
        if (len == 0) {
            return null;
        }
        SetValue set = len > max ? SetValue.emptyTable() : SetValue.empty();
        for (long i = 0; i < len; i++) {
            if (!set.add(in.readString(), Long.MAX_VALUE)) {
                throw new RdbFormatException("Duplicate set members detected", at);
            }
        }
        return set;
    }

    /**
     * A Redis 7.2 listpack set, which 7.0 has no encoding for: an intset when every member is an integer
     * and they fit the limit, else a hashtable.
     */
    private static SetValue fromMembers(List<byte[]> members, long max, long at) {
        if (members.isEmpty()) {
            return null;
        }
        boolean integers = members.size() <= max;
        for (int i = 0; integers && i < members.size(); i++) {
            integers = SetValue.isInteger(members.get(i));
        }
        SetValue set = integers ? SetValue.empty() : SetValue.emptyTable();
        for (byte[] member : members) {
            if (!set.add(member, Long.MAX_VALUE)) {
                throw new RdbFormatException("Set listpack integrity check failed: duplicate member", at);
            }
        }
        return set;
    }

    /** {@code rewriteSetObject}: SADD with up to 64 members each. */
    static void rewrite(byte[] key, SetValue set, CommandSink sink) {
        RewriteBatch batch = new RewriteBatch(sink, SADD, key);
        set.forEach(batch::add);
        batch.finish();
    }
}
