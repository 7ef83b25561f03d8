// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.spi;

/** Command flags as Redis 7.0 names them in its command table (lower-case in COMMAND INFO). */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, MODULE, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR,
    SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, SENTINEL, ONLY_SENTINEL, NO_MANDATORY_KEYS,
    PROTECTED, NO_ASYNC_LOADING, NO_MULTI, MOVABLE_KEYS, ALLOW_BUSY, TOUCHES_ARBITRARY_KEYS;

    /** The name as COMMAND INFO prints it, e.g. {@code "skip_monitor"}. */
    public String replyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
