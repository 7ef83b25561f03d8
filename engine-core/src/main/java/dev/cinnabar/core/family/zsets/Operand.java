// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.family.zsets;

import dev.cinnabar.core.family.sets.SetValue;
import dev.cinnabar.core.family.zsets.ZSetStore.Cursor;
import dev.cinnabar.core.family.zsets.ZSetStore.ElementVisitor;
import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.KeyEvent;

/**
 * One input of ZUNION, ZINTER and ZDIFF ({@code zsetopsrc}) with its weight: a sorted set, a set (every
 * member scores 1), or a missing key (empty).
 */
final class Operand {
    /** What the input walks through as {@code zuiNext}: highest rank first. */
    @FunctionalInterface
    interface WhileVisitor {
        /** Returns false to stop. */
        boolean accept(byte[] member, double score);
    }

    private final SortedSet zset;
    private final SetValue set;
    double weight = 1;

    private Operand(SortedSet zset, SetValue set) {
        this.zset = zset;
        this.set = set;
    }

    /** The input at {@code key} ({@code lookupKeyRead}); WRONGTYPE unless it is a sorted set. */
    static Operand of(CommandContext ctx, byte[] key) {
        Object value = ctx.keyspace().get(key);
        if (value == null) {
            ctx.notify(key, KeyEvent.KEY_MISS, "keymiss");
            return new Operand(null, null);
        }
        if (value instanceof SortedSet zset) {
            return new Operand(zset, null);
        }
        if (value instanceof SetValue set) {
            return new Operand(null, set);
        }
        throw Errors.WRONGTYPE;
    }

    int size() {
        return zset != null ? zset.size() : set != null ? set.size() : 0;
    }

    /** True if both inputs are the same value (the same key given twice). */
    boolean sameAs(Operand other) {
        return (zset != null && zset == other.zset) || (set != null && set == other.set);
    }

    /** The member's score in this input, NaN when absent. */
    double score(byte[] member) {
        if (zset != null) {
            return zset.score(member);
        }
        return set != null && set.contains(member) ? 1 : Double.NaN;
    }

    void forEach(ElementVisitor visitor) {
        forEachWhile((member, score) -> {
            visitor.accept(member, score);
            return true;
        });
    }

    void forEachWhile(WhileVisitor visitor) {
        if (set != null) {
            set.forEachWhile(member -> visitor.accept(member, 1));
        }
        if (zset == null) {
            return;
        }
        for (Cursor c = zset.cursor(zset.size() - 1, true); c.valid(); c.next()) {
            if (!visitor.accept(c.member(), c.score())) {
                return;
            }
        }
    }
}
