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
 * kept in a small heap whatever order the file has. A node's levels are random in Redis
 * ({@code zslRandomLevel}: one more level with probability {@link #LEVEL_UP}); each sampled node counts
 * for its expected allocation over that distribution, so the figure is the same on every run and as close
 * as can be to the average of Redis's.
 */
final class ZSetMemory implements CollectionMemory {
    private record Member(double score, byte[] member) {
    }

    /** {@code ZSKIPLIST_P}. */
    static final double LEVEL_UP = 0.25;

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
    public boolean exact() {
        return listpack();
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
        double sampledBytes = 0;
        for (Member m : lowest) {
            sampledBytes += expectedEntry(m.member.length);
        }
        return RedisMemory.skiplist(members, lowest.size(), Math.round(sampledBytes));
    }

    /** {@link RedisMemory#skiplistEntry} averaged over the levels a node gets, each level up with LEVEL_UP. */
    static double expectedEntry(int memberLength) {
        double expected = 0;
        double reach = 1;
        for (int level = 1; level < RedisMemory.SKIPLIST_MAX_LEVEL; level++) {
            expected += reach * (1 - LEVEL_UP) * RedisMemory.skiplistEntry(memberLength, level);
            reach *= LEVEL_UP;
        }
        return expected + reach * RedisMemory.skiplistEntry(memberLength, RedisMemory.SKIPLIST_MAX_LEVEL);
    }
}
