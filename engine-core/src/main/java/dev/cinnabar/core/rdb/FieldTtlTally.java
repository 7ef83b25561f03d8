// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.rdb;

/**
 * Counts what became of RDB 12 hash field TTLs over one read ({@link RdbLoader.FieldTtls}), for a reader's
 * {@link RdbVisitor#hashFieldTtls} events. The reader reports a hash's fields before its entry, and only the
 * consumer knows whether it keeps that entry (it may drop the key as expired, or filter it out): the counts
 * wait in a pending slot until {@link #settle} says.
 */
public final class FieldTtlTally {
    private long ttlsDropped;
    private long keysWithTtls;
    private long fieldsExpired;
    private long keysAllExpired;
    private long pendingTtlsDropped;
    private long pendingFieldsExpired;

    /**
     * The event of {@link RdbVisitor#hashFieldTtls}.
     *
     * @return true when the hash was dropped whole (every field expired): no entry follows, and the caller
     *         counts it as an expired key
     */
    public boolean hashFieldTtls(long ttlsDropped, long fieldsExpired, boolean keyDropped) {
        if (keyDropped) {
            // in Redis 7.4 such a hash is loaded and deleted by the first field expiry: never seen
            this.fieldsExpired += fieldsExpired;
            keysAllExpired++;
            return true;
        }
        pendingTtlsDropped = ttlsDropped;
        pendingFieldsExpired = fieldsExpired;
        return false;
    }

    /** The entry after the event: its counts go with a key that is kept, not with one that is dropped. */
    public void settle(boolean kept) {
        if (kept) {
            ttlsDropped += pendingTtlsDropped;
            keysWithTtls += pendingTtlsDropped > 0 ? 1 : 0;
            fieldsExpired += pendingFieldsExpired;
        }
        pendingTtlsDropped = 0;
        pendingFieldsExpired = 0;
    }

    public RdbLoader.FieldTtls result() {
        return new RdbLoader.FieldTtls(ttlsDropped, keysWithTtls, fieldsExpired, keysAllExpired);
    }
}
