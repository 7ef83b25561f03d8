// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.streams;

import dev.cinnabar.spi.CommandContext;

import java.nio.charset.StandardCharsets;

/**
 * The idempotent commands a consumer-group change is propagated as, as Redis 7.0's
 * {@code streamPropagateXCLAIM}, {@code streamPropagateGroupID} and {@code streamPropagateConsumerCreation}
 * build them.
 */
final class GroupPropagation {
    private static final byte[] XCLAIM = ascii("XCLAIM");
    private static final byte[] XGROUP = ascii("XGROUP");
    private static final byte[] SETID = ascii("SETID");
    private static final byte[] CREATECONSUMER = ascii("CREATECONSUMER");
    private static final byte[] ENTRIESREAD = ascii("ENTRIESREAD");
    private static final byte[] ZERO = ascii("0");
    private static final byte[] TIME = ascii("TIME");
    private static final byte[] RETRYCOUNT = ascii("RETRYCOUNT");
    private static final byte[] FORCE = ascii("FORCE");
    private static final byte[] JUSTID = ascii("JUSTID");
    private static final byte[] LASTID = ascii("LASTID");

    private GroupPropagation() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code XCLAIM key group consumer 0 id TIME ms RETRYCOUNT n FORCE JUSTID LASTID group-last-id}. */
    static void claim(CommandContext ctx, byte[] key, byte[] groupName, ConsumerGroup group, byte[] id,
                      PendingEntry p) {
        ctx.propagate(XCLAIM, key, groupName, p.owner.name, ZERO, id, TIME, ascii(Long.toString(p.deliveryTime)),
                RETRYCOUNT, ascii(Long.toString(p.deliveryCount)), FORCE, JUSTID, LASTID,
                GroupReplies.idBytes(group.lastDeliveredId));
    }

    /** {@code XGROUP SETID key group last-id ENTRIESREAD n}. */
    static void groupId(CommandContext ctx, byte[] key, byte[] groupName, ConsumerGroup group) {
        ctx.propagate(XGROUP, SETID, key, groupName, GroupReplies.idBytes(group.lastDeliveredId), ENTRIESREAD,
                ascii(Long.toString(group.entriesRead)));
    }

    /** {@code XGROUP CREATECONSUMER key group consumer}. */
    static void consumerCreation(CommandContext ctx, byte[] key, byte[] groupName, byte[] consumer) {
        ctx.propagate(XGROUP, CREATECONSUMER, key, groupName, consumer);
    }
}
