// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import dev.cinnabar.spi.CommandFlag;
import dev.cinnabar.spi.CommandSpec;

import java.util.Locale;

/** The ACL categories of Redis 7.0, in the order ACL CAT lists them and ACL GETUSER tries them. */
enum Category {
    KEYSPACE, READ, WRITE, SET, SORTEDSET, LIST, HASH, STRING, BITMAP, HYPERLOGLOG, GEO, STREAM, PUBSUB, ADMIN,
    FAST, SLOW, BLOCKING, DANGEROUS, CONNECTION, TRANSACTION, SCRIPTING;

    String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category named {@code name} (any case), or null. */
    static Category byName(String name) {
        for (Category c : values()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The categories of a command as a bit mask: those its facts list plus those its flags imply, as Redis's
     * {@code setImplicitACLCategories}: write, read (not for scripting commands), admin and dangerous, pubsub,
     * fast, blocking, and slow for whatever is not fast.
     */
    static long maskOf(CommandSpec spec) {
        long mask = 0;
        for (String name : spec.aclCategories()) {
            Category c = byName(name);
            if (c != null) {
                mask |= c.bit();
            }
        }
        if (spec.has(CommandFlag.WRITE)) {
            mask |= WRITE.bit();
        }
        if (spec.has(CommandFlag.READONLY) && (mask & SCRIPTING.bit()) == 0) {
            mask |= READ.bit();
        }
        if (spec.has(CommandFlag.ADMIN)) {
            mask |= ADMIN.bit() | DANGEROUS.bit();
        }
        if (spec.has(CommandFlag.PUBSUB)) {
            mask |= PUBSUB.bit();
        }
        if (spec.has(CommandFlag.FAST)) {
            mask |= FAST.bit();
        }
        if (spec.has(CommandFlag.BLOCKING)) {
            mask |= BLOCKING.bit();
        }
        if ((mask & FAST.bit()) == 0) {
            mask |= SLOW.bit();
        }
        return mask;
    }

    long bit() {
        return 1L << ordinal();
    }
}
