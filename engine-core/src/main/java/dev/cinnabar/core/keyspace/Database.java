// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.keyspace;

import dev.cinnabar.spi.Errors;
import dev.cinnabar.spi.Keyspace;
import dev.cinnabar.spi.ValueType;

import java.util.function.Consumer;

/** One of the numbered databases: values, their expiry, and the set of keys with a TTL for active expiry. */
public final class Database implements Keyspace {
    private final int index;
    private final KeyspaceHost host;
    private ByteKeyMap entries = new ByteKeyMap();
    /** Keys with a TTL (values unused), sampled by the active expiry cycle as Redis samples {@code expires}. */
    private ByteKeyMap volatileKeys = new ByteKeyMap();

    public Database(int index, KeyspaceHost host) {
        this.index = index;
        this.host = host;
    }

    @Override
    public int index() {
        return index;
    }

    /** The live slot of {@code key}, expiring it first if its time has passed; -1 if absent. */
    private int liveSlot(byte[] key) {
        int slot = entries.find(key);
        if (slot >= 0) {
            long at = entries.expiryAt(slot);
            if (at != 0 && at <= host.now() && !host.loading()) {
                expire(key);
                return -1;
            }
        }
        return slot;
    }

    private void expire(byte[] key) {
        remove(key);
        host.expired(this, key);
    }

    @Override
    public Object get(byte[] key) {
        int slot = liveSlot(key);
        host.lookup(slot >= 0);
        if (slot < 0) {
            return null;
        }
        entries.setClockAt(slot, LruClock.at(host.now()));
        return handOut(key, slot);
    }

    private Object handOut(byte[] key, int slot) {
        Object value = entries.valueAt(slot);
        host.handingOut(entries, key, value);
        return value;
    }

    @Override
    public Object getNoTouch(byte[] key) {
        int slot = liveSlot(key);
        host.lookup(slot >= 0);
        return slot < 0 ? null : handOut(key, slot);
    }

    @Override
    public <T> T get(byte[] key, ValueType<T> type) {
        Object v = get(key);
        if (v == null) {
            return null;
        }
        if (!type.valueClass().isInstance(v)) {
            throw Errors.WRONGTYPE;
        }
        return type.valueClass().cast(v);
    }

    @Override
    public byte[] getString(byte[] key) {
        Object v = get(key);
        if (v == null || v instanceof byte[]) {
            return (byte[]) v;
        }
        throw Errors.WRONGTYPE;
    }

    /** Looks a key up without expiring it or counting a hit (for SCAN filters, DEBUG and persistence). */
    public Object peek(byte[] key) {
        return entries.get(key);
    }

    @Override
    public ValueType<?> typeOf(byte[] key) {
        int slot = liveSlot(key);
        return slot < 0 ? null : host.typeOf(entries.valueAt(slot));
    }

    @Override
    public boolean exists(byte[] key) {
        return liveSlot(key) >= 0;
    }

    @Override
    public void set(byte[] key, Object value) {
        int slot = store(key, value);
        if (entries.expiryAt(slot) != 0) {
            entries.setExpiryAt(slot, 0);
            volatileKeys.remove(key);
        }
    }

    @Override
    public void replace(byte[] key, Object value) {
        store(key, value);
    }

    /**
     * Puts {@code value} at {@code key}, telling the host whether a key came into existence or an old value
     * was replaced (waiters may care), and touches its LRU clock; returns the slot.
     */
    private int store(byte[] key, Object value) {
        Object old = host.clientsBlocked() ? entries.get(key) : null;
        int size = entries.size();
        int slot = entries.put(key, value);
        if (entries.size() > size) {
            host.created(this, key);
        } else if (old != null && old != value) {
            host.removed(this, key, old);
        }
        entries.setClockAt(slot, LruClock.at(host.now()));
        return slot;
    }

    @Override
    public boolean remove(byte[] key) {
        int slot = entries.find(key);
        if (slot < 0) {
            return false;
        }
        if (entries.expiryAt(slot) != 0) {
            volatileKeys.remove(key);
        }
        Object old = entries.valueAt(slot);
        entries.removeAt(slot);
        host.removed(this, key, old);
        return true;
    }

    @Override
    public long expireAt(byte[] key) {
        int slot = liveSlot(key);
        if (slot < 0) {
            return -2;
        }
        long at = entries.expiryAt(slot);
        return at == 0 ? -1 : at;
    }

    @Override
    public boolean setExpireAt(byte[] key, long unixMillis) {
        int slot = liveSlot(key);
        if (slot < 0) {
            return false;
        }
        // 0 means "no expiry" in the table; an expiry at the epoch is long past anyway
        long at = Math.max(1, unixMillis);
        boolean had = entries.expiryAt(slot) != 0;
        entries.setExpiryAt(slot, at);
        if (!had) {
            volatileKeys.put(entries.keyAt(slot), Boolean.TRUE);
        }
        return true;
    }

    @Override
    public boolean persist(byte[] key) {
        int slot = liveSlot(key);
        if (slot < 0 || entries.expiryAt(slot) == 0) {
            return false;
        }
        entries.setExpiryAt(slot, 0);
        volatileKeys.remove(key);
        return true;
    }

    @Override
    public long idleTime(byte[] key) {
        int slot = liveSlot(key);
        return slot < 0 ? -1 : LruClock.idleMillis(entries.clockAt(slot), host.now());
    }

    @Override
    public boolean setIdleTime(byte[] key, long seconds) {
        int slot = liveSlot(key);
        if (slot < 0) {
            return false;
        }
        entries.setClockAt(slot, LruClock.ofIdle(seconds, host.now()));
        return true;
    }

    @Override
    public long size() {
        return entries.size();
    }

    /**
     * Redis's {@code checkAlreadyExpired}: true if a TTL ending at {@code unixMillis} is already over, so
     * the command deletes the key instead of setting it; never while a data set loads (see
     * {@link KeyspaceHost#loading}).
     */
    public boolean alreadyExpired(long unixMillis) {
        return unixMillis <= host.now() && !host.loading();
    }

    /** {@link #alreadyExpired} for a command's keyspace, which is a {@link Database} in the engine. */
    public static boolean alreadyExpired(dev.cinnabar.spi.Keyspace ks, long unixMillis, long now) {
        return ks instanceof Database db ? db.alreadyExpired(unixMillis) : unixMillis <= now;
    }

    @Override
    public long expiresSize() {
        return volatileKeys.size();
    }

    @Override
    public byte[] randomKey() {
        // as Redis's dbRandomKey: retry when the pick turns out expired, but give up on an all-volatile db
        int tries = 0;
        while (entries.size() > 0) {
            int slot = entries.randomSlot();
            byte[] key = entries.keyAt(slot);
            long at = entries.expiryAt(slot);
            if (at != 0 && at <= host.now() && !host.loading()) {
                if (++tries > 100 && volatileKeys.size() == entries.size()) {
                    return key;
                }
                expire(key);
                continue;
            }
            return key;
        }
        return null;
    }

    @Override
    public long scan(long cursor, int count, Consumer<byte[]> visitor) {
        long maxSteps = Math.max(count, 1) * 10L;
        int[] seen = {0};
        Consumer<byte[]> counting = key -> {
            seen[0]++;
            visitor.accept(key);
        };
        do {
            cursor = entries.scanStep(cursor, counting);
        } while (cursor != 0 && seen[0] < count && --maxSteps > 0);
        return cursor;
    }

    @Override
    public void clear() {
        entries = new ByteKeyMap();
        volatileKeys = new ByteKeyMap();
    }

    /** Exchanges contents with another database (SWAPDB). */
    public void swapWith(Database other) {
        ByteKeyMap e = entries;
        ByteKeyMap v = volatileKeys;
        entries = other.entries;
        volatileKeys = other.volatileKeys;
        other.entries = e;
        other.volatileKeys = v;
    }

    /** The entry table, for persistence and the active expiry cycle (engine thread only). */
    public ByteKeyMap entries() {
        return entries;
    }

    /**
     * One round of Redis's active expiry sampling on this database: test up to {@code samples} random keys
     * with a TTL and delete the expired ones.
     *
     * @return how many of the sampled keys were expired
     */
    public int expireSample(int samples, long now) {
        int expired = 0;
        for (int n = 0; n < samples && volatileKeys.size() > 0; n++) {
            byte[] key = volatileKeys.keyAt(volatileKeys.randomSlot());
            int slot = entries.find(key);
            if (slot >= 0 && entries.expiryAt(slot) <= now) {
                expire(key);
                expired++;
            }
        }
        return expired;
    }
}
