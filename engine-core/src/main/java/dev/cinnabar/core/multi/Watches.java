// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.multi;

import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.client.WatchedKey;
import dev.cinnabar.core.keyspace.ByteKey;
import dev.cinnabar.core.keyspace.Database;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Who WATCHes which key, per database, and invalidation when a key changes (Redis's {@code multi.c}). */
public final class Watches {
    private final List<Map<ByteKey, List<Client>>> byDb = new ArrayList<>();
    private int watchedKeys;

    public Watches(int databases) {
        for (int i = 0; i < databases; i++) {
            byDb.add(new HashMap<>());
        }
    }

    /** WATCH of one key in {@code db}; a key already logically expired counts as "expired at WATCH" (Redis 7.0). */
    public void watch(Client c, Database db, byte[] key, long now) {
        ByteKey k = new ByteKey(key);
        for (WatchedKey w : c.watched) {
            if (w.db() == db.index() && w.key().equals(k)) {
                return;
            }
        }
        byDb.get(db.index()).computeIfAbsent(k, x -> new ArrayList<>()).add(c);
        c.watched.add(new WatchedKey(db.index(), k, isExpired(db, key, now)));
        watchedKeys++;
    }

    public void unwatchAll(Client c) {
        for (WatchedKey w : c.watched) {
            Map<ByteKey, List<Client>> map = byDb.get(w.db());
            List<Client> clients = map.get(w.key());
            if (clients != null) {
                clients.remove(c);
                if (clients.isEmpty()) {
                    map.remove(w.key());
                }
            }
            watchedKeys--;
        }
        c.watched.clear();
        c.multi.watchDirty = false;
    }

    /** Ends a client's transaction and forgets its watches (Redis's {@code discardTransaction}). */
    public void discardTransaction(Client c) {
        c.multi.reset();
        unwatchAll(c);
    }

    /** A key changed: every client watching it must fail its EXEC. {@code db} tells if the key still exists. */
    public void touch(Database db, byte[] key) {
        if (watchedKeys == 0) {
            return;
        }
        ByteKey k = new ByteKey(key);
        List<Client> clients = byDb.get(db.index()).get(k);
        if (clients == null) {
            return;
        }
        for (Client c : clients) {
            for (int i = 0; i < c.watched.size(); i++) {
                WatchedKey w = c.watched.get(i);
                if (w.db() != db.index() || !w.key().equals(k)) {
                    continue;
                }
                // Redis 7.0: a key already expired at WATCH time whose deletion is the change is no change
                if (w.expiredAtWatch() && db.peek(key) == null) {
                    c.watched.set(i, new WatchedKey(w.db(), w.key(), false));
                } else {
                    c.multi.watchDirty = true;
                }
            }
        }
    }

    /** FLUSHDB, FLUSHALL, SWAPDB: touch every watched key of {@code db} that exists in it or in {@code other}. */
    public void touchAll(Database db, Database other) {
        if (watchedKeys == 0) {
            return;
        }
        for (Map.Entry<ByteKey, List<Client>> e : byDb.get(db.index()).entrySet()) {
            byte[] key = e.getKey().bytes();
            boolean exists = db.peek(key) != null || (other != null && other.peek(key) != null);
            if (exists) {
                for (Client c : e.getValue()) {
                    c.multi.watchDirty = true;
                }
            }
        }
    }

    /** Before EXEC: a watched key that was live at WATCH time and has since expired counts as modified. */
    public boolean anyExpiredSinceWatch(Client c, java.util.function.IntFunction<Database> dbs, long now) {
        for (WatchedKey w : c.watched) {
            if (w.expiredAtWatch()) {
                continue;
            }
            if (isExpired(dbs.apply(w.db()), w.key().bytes(), now)) {
                return true;
            }
        }
        return false;
    }

    /** True if {@code key} is still stored but its time has passed (Redis's {@code keyIsExpired}); no side effect. */
    private static boolean isExpired(Database db, byte[] key, long now) {
        int slot = db.entries().find(key);
        if (slot < 0) {
            return false;
        }
        long at = db.entries().expiryAt(slot);
        return at != 0 && at <= now;
    }
}
