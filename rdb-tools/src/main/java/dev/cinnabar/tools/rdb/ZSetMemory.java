// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.tools.rdb;

import dev.cinnabar.core.structures.RedisMemory;
import dev.cinnabar.spi.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A sorted set's {@code MEMORY USAGE} from its members: a listpack while it fits the limits as the engine's
 * load applies them (every form by member count; the plain forms by member length too), else a skiplist
 * whose sample is exactly the one Redis takes, its {@link #SAMPLES} lowest members by score then member,
 * kept in a small heap whatever order the file has. A sampled node's level is drawn as
 * {@code zslRandomLevel} does (one more level with probability 1/4) but from a hash of the member, so the
 * figure is the same on every run.
 */
final class ZSetMemory implements CollectionMemory {
    private record Member(double score, byte[] member) {
    }

    /** Score then member as unsigned bytes, as the skiplist orders them; -0 equals 0 as in C. */
    private static final Comparator<Member> ORDER = Comparator.comparingDouble((Member m) -> m.score == 0 ? 0.0 : m.score)
            .thenComparing(Member::member, Arrays::compareUnsigned);

    private final long maxEntries;
    private final long maxValue;
    private final boolean checkLengths;
    private final PriorityQueue<Member> lowest = new PriorityQueue<>(ORDER.reversed());
    private long members;
    private long longest;
    private long listpackBytes = RedisMemory.LISTPACK_OVERHEAD;

    /** @param checkLengths whether a long member makes it a skiplist (the plain RDB forms) */
    ZSetMemory(EncodingLimits limits, boolean checkLengths) {
        this.maxEntries = limits.zsetEntries();
        this.maxValue = limits.zsetValue();
        this.checkLengths = checkLengths;
    }

    @Override
    public void scored(byte[] member, double score) {
        members++;
        longest = Math.max(longest, member.length);
        if (members <= maxEntries) {
            byte[] text = Numbers.formatG17(score).getBytes(StandardCharsets.US_ASCII);
            listpackBytes += RedisMemory.listpackEntry(member) + RedisMemory.listpackEntry(text);
        }
        Member m = new Member(score, member);
        if (lowest.size() < SAMPLES) {
            lowest.add(m);
        } else if (ORDER.compare(m, lowest.peek()) < 0) {
            lowest.poll();
            lowest.add(m);
        }
    }

    private boolean listpack() {
        return members <= maxEntries && (!checkLengths || longest <= maxValue);
    }

    @Override
    public long elements() {
        return members;
    }

    @Override
    public String encoding() {
        return listpack() ? "listpack" : "skiplist";
    }

    @Override
    public long usage() {
        if (listpack()) {
            return RedisMemory.OBJECT + RedisMemory.allocation(listpackBytes);
        }
        long sampledBytes = 0;
        for (Member m : lowest) {
            sampledBytes += RedisMemory.skiplistEntry(m.member.length, level(m.member));
        }
        return RedisMemory.skiplist(members, lowest.size(), sampledBytes);
    }

    /**
     * 1, plus one per pair of low zero bits of the member's hash through MurmurHash3's 64-bit finalizer:
     * P(level > n) = 4^-n, capped at the header's levels.
     */
    static int level(byte[] member) {
        long h = Arrays.hashCode(member);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        int level = 1 + Long.numberOfTrailingZeros(h | Long.MIN_VALUE) / 2;
        return Math.min(level, RedisMemory.SKIPLIST_MAX_LEVEL);
    }
}
