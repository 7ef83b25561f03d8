// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.CommandContext;
import dev.cinnabar.spi.KeyEvent;

/** Changes to a stream's groups, consumers and pending lists (Redis's {@code streamCreateConsumer} etc.). */
final class Groups {
    private Groups() {
    }

    /** The consumer, created (with its {@code xgroup-createconsumer} event) if missing; seen now either way. */
    static Consumer consumer(CommandContext ctx, byte[] key, ConsumerGroup group, byte[] name) {
        Consumer c = group.consumers.get(name);
        if (c == null) {
            c = create(ctx, key, group, name);
        }
        c.seenTime = ctx.now();
        return c;
    }

    /** Creates a consumer; null if it exists. */
    static Consumer create(CommandContext ctx, byte[] key, ConsumerGroup group, byte[] name) {
        if (group.consumers.containsKey(name)) {
            return null;
        }
        Consumer c = new Consumer(name.clone(), ctx.now());
        group.consumers.put(c.name, c);
        // a group change is no write to the key for WATCH, as in Redis 7.0
        ctx.dirty(1);
        ctx.notify(key, KeyEvent.STREAM, "xgroup-createconsumer");
        return c;
    }

    /** Deletes a consumer and its pending entries from the group; returns how many it held. */
    static int delete(ConsumerGroup group, Consumer c) {
        int pending = c.pending.size();
        for (StreamId id : c.pending.keySet()) {
            group.pending.remove(id);
        }
        group.consumers.remove(c.name);
        return pending;
    }

    /**
     * Records {@code id} as delivered to {@code consumer} now: a new pending entry, or one taken over from
     * whichever consumer held it (possible after XGROUP SETID moved the group back), with its count reset.
     */
    static PendingEntry deliver(ConsumerGroup group, Consumer consumer, StreamId id, long now) {
        PendingEntry p = group.pending.get(id);
        if (p == null) {
            p = new PendingEntry(id, consumer, now, 1);
            group.pending.put(id, p);
            consumer.pending.put(id, p);
            return p;
        }
        p.owner.pending.remove(id);
        p.owner = consumer;
        p.deliveryTime = now;
        p.deliveryCount = 1;
        consumer.pending.put(id, p);
        return p;
    }

    /** Moves a pending entry to {@code consumer} (XCLAIM, XAUTOCLAIM). */
    static void transfer(PendingEntry p, Consumer consumer) {
        if (p.owner != consumer) {
            if (p.owner != null) {
                p.owner.pending.remove(p.id);
            }
            p.owner = consumer;
            consumer.pending.put(p.id, p);
        }
    }

    /** Forgets a pending entry (XACK, or an entry no longer in the stream). */
    static void remove(ConsumerGroup group, PendingEntry p) {
        group.pending.remove(p.id);
        if (p.owner != null) {
            p.owner.pending.remove(p.id);
        }
    }
}
