// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.sets;

import dev.cinnabar.core.structures.ByteMap;
import dev.cinnabar.core.structures.RedisMemory;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A set value ({@code t_set.c}'s "Set type API"): an {@link IntSet} while every member is an integer and
 * there are at most {@code set-max-intset-entries}, then a {@link ByteMap} for good.
 */
public final class SetValue {
    /** Redis caps an intset at 2^30 members; one Java array holds fewer 8-byte members than that. */
    private static final long MAX_INTSET = IntSet.MAX_SIZE;

    /** Non-null while the encoding is {@code intset}. */
    private IntSet ints;
    /** Non-null once the encoding is {@code hashtable}. */
    private ByteMap<Boolean> table;

    private SetValue(IntSet ints, ByteMap<Boolean> table) {
        this.ints = ints;
        this.table = table;
    }

    /** An empty set in the {@code intset} encoding (Redis's {@code createIntsetObject}). */
    static SetValue empty() {
        return new SetValue(new IntSet(), null);
    }

    /** An empty set encoded for its first member, as Redis's {@code setTypeCreate}. */
    static SetValue forMember(byte[] first) {
        return isInteger(first) ? empty() : new SetValue(null, new ByteMap<>());
    }

    /**
     * A set loaded from an intset blob ({@code rdbLoadObject}): kept as it is unless it holds more than
     * {@code maxIntsetEntries} members, then a hashtable.
     */
    static SetValue loaded(IntSet ints, long maxIntsetEntries) {
        SetValue set = new SetValue(ints, null);
        if (ints.size() > Math.min(maxIntsetEntries, MAX_INTSET)) {
            set.convertToTable();
        }
        return set;
    }

    /** An empty set in the {@code hashtable} encoding, for a load that knows it will not fit an intset. */
    static SetValue emptyTable() {
        return new SetValue(null, new ByteMap<>());
    }

    /** The intset while the encoding is {@code intset}, else null. */
    IntSet intset() {
        return ints;
    }

    public int size() {
        return ints != null ? ints.size() : table.size();
    }

    /** What OBJECT ENCODING replies. */
    public String encoding() {
        return ints != null ? "intset" : "hashtable";
    }

    boolean isIntset() {
        return ints != null;
    }

    /**
     * Adds {@code member}; false if it was present. Converts to a hashtable on the first non-integer member
     * or when the intset grows past {@code maxIntsetEntries}, as Redis's {@code setTypeAdd}.
     */
    boolean add(byte[] member, long maxIntsetEntries) {
        if (ints != null) {
            if (!isInteger(member)) {
                convertToTable();
                return table.put(member, Boolean.TRUE) == null;
            }
            if (!ints.add(toLong(member))) {
                return false;
            }
            if (ints.size() > Math.min(maxIntsetEntries, MAX_INTSET)) {
                convertToTable();
            }
            return true;
        }
        return table.put(member, Boolean.TRUE) == null;
    }

    boolean remove(byte[] member) {
        if (ints != null) {
            return isInteger(member) && ints.remove(toLong(member));
        }
        return table.remove(member) != null;
    }

    public boolean contains(byte[] member) {
        if (ints != null) {
            return isInteger(member) && ints.contains(toLong(member));
        }
        return table.contains(member);
    }

    /** Every member: ascending for an intset, slot order for a hashtable. The action must not modify the set. */
    public void forEach(Consumer<byte[]> action) {
        forEachWhile(member -> {
            action.accept(member);
            return true;
        });
    }

    /** {@link #forEach} until {@code action} returns false. */
    public void forEachWhile(Predicate<byte[]> action) {
        if (ints != null) {
            for (int i = 0; i < ints.size(); i++) {
                if (!action.test(toBytes(ints.get(i)))) {
                    return;
                }
            }
            return;
        }
        for (int slot = 0; slot < table.capacity(); slot++) {
            byte[] member = table.keyAt(slot);
            if (member != null && !action.test(member)) {
                return;
            }
        }
    }

    /** A uniformly random member; the set must not be empty. */
    byte[] random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (ints != null) {
            return toBytes(ints.get(random.nextInt(ints.size())));
        }
        // draw slots until one is occupied: fair, and quick since a table shrinks once under a tenth full
        while (true) {
            byte[] member = table.keyAt(random.nextInt(table.capacity()));
            if (member != null) {
                return member;
            }
        }
    }

    /**
     * One SSCAN step: an intset hands out everything and returns cursor 0; a hashtable visits buckets
     * from {@code cursor} (reverse-binary, as {@code dictScan}) until {@code count} members or
     * {@code 10 * count} buckets, as Redis's {@code scanGenericCommand}.
     */
    long scan(long cursor, long count, Consumer<byte[]> visitor) {
        if (ints != null) {
            forEach(visitor);
            return 0;
        }
        return table.scanBatch(cursor, count, slot -> {
            visitor.accept(table.keyAt(slot));
            return 1;
        });
    }

    /** A deep copy in the same encoding, for COPY. */
    SetValue copy() {
        if (ints != null) {
            return new SetValue(ints.copy(), null);
        }
        ByteMap<Boolean> clone = new ByteMap<>();
        table.forEachSlot(slot -> clone.put(table.keyAt(slot).clone(), Boolean.TRUE));
        return new SetValue(null, clone);
    }

    /**
     * Bytes Redis would use for this value ({@code objectComputeSize}): the intset blob's allocation, or the
     * dict with its bucket array and entries, extrapolated from a few sampled members (a dict Redis is
     * still rehashing counts both tables there, so Redis may report up to a third more).
     */
    long memoryUsage(int samples) {
        if (ints != null) {
            return RedisMemory.OBJECT + RedisMemory.allocation(ints.blobLength());
        }
        return RedisMemory.hashtable(table, samples,
                slot -> RedisMemory.DICT_ENTRY + RedisMemory.sds(table.keyAt(slot).length));
    }

    private void convertToTable() {
        ByteMap<Boolean> converted = new ByteMap<>();
        for (int i = 0; i < ints.size(); i++) {
            converted.put(toBytes(ints.get(i)), Boolean.TRUE);
        }
        table = converted;
        ints = null;
    }

    /**
     * Redis's {@code isSdsRepresentableAsLongLong} ({@code string2ll}): a canonical decimal 64-bit
     * integer, so "01", " 1", "+1" and "-0" are not integers.
     */
    static boolean isInteger(byte[] s) {
        int len = s.length;
        if (len == 0 || len > 20) {
            return false;
        }
        if (len == 1 && s[0] == '0') {
            return true;
        }
        int start = s[0] == '-' ? 1 : 0;
        if (start == len || s[start] < '1' || s[start] > '9') {
            return false;
        }
        for (int i = start + 1; i < len; i++) {
            if (s[i] < '0' || s[i] > '9') {
                return false;
            }
        }
        // fewer than 19 digits always fit; 19 may overflow, which only the full parse can tell
        return len - start < 19 || Numbers.parseLongOr(s, 0) != 0;
    }

    private static long toLong(byte[] integer) {
        return Numbers.parseLong(integer, Errors.NOT_INTEGER);
    }

    static byte[] toBytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
