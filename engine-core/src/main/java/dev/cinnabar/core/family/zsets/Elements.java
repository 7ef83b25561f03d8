// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.spi.ReplyWriter;

import java.util.Arrays;

/** Members with their scores in the order a command produced them, before they are replied or stored. */
final class Elements {
    private byte[][] members = new byte[8][];
    private double[] scores = new double[8];
    private int size;

    void add(byte[] member, double score) {
        if (size == members.length) {
            members = Arrays.copyOf(members, size * 2);
            scores = Arrays.copyOf(scores, size * 2);
        }
        members[size] = member;
        scores[size] = score;
        size++;
    }

    int size() {
        return size;
    }

    /** Replies the elements as ZRANGE does, with or without their scores. */
    void reply(ReplyWriter w, boolean withScores) {
        ZSetCommands.elementsHeader(w, size, withScores);
        for (int i = 0; i < size; i++) {
            ZSetCommands.element(w, members[i], scores[i], withScores);
        }
    }

    /**
     * A new sorted set of these (distinct) members, as ZRANGESTORE builds it: a listpack unless
     * {@code lengthHint} (-1 when unknown) exceeds the entry limit, converting to a skiplist on the way when
     * it must. Elements added while it is a listpack keep a zero score as 0, as Redis's do.
     */
    SortedSet toSet(ZSetLimits limits, long lengthHint) {
        SortedSet set = lengthHint > limits.maxEntries ? SortedSet.skipList() : SortedSet.empty();
        for (int i = 0; i < size; i++) {
            set.insert(members[i], scores[i], limits);
        }
        return set;
    }
}
