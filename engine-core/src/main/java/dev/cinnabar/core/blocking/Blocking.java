// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.blocking;

import dev.cinnabar.core.client.BlockedState;
import dev.cinnabar.core.client.Client;
import dev.cinnabar.core.keyspace.ByteKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Clients blocked on keys, in the order they blocked, and the keys signalled ready since the last serve
 * (Redis's {@code blocking_keys} and {@code ready_keys}).
 */
public final class Blocking {
    private record DbKey(int db, ByteKey key) {
    }

    private final Map<DbKey, LinkedHashSet<Client>> waiting = new HashMap<>();
    private final Set<DbKey> readySet = new LinkedHashSet<>();
    private int blockedClients;

    public int blockedClients() {
        return blockedClients;
    }

    public int blockedKeys() {
        return waiting.size();
    }

    public void add(Client c, BlockedState state) {
        c.blocked = state;
        blockedClients++;
        for (byte[] key : state.keys) {
            waiting.computeIfAbsent(new DbKey(state.db, new ByteKey(key)), k -> new LinkedHashSet<>()).add(c);
        }
    }

    /** Forgets a blocked client (served, timed out, unblocked, or disconnected). */
    public void remove(Client c) {
        BlockedState state = c.blocked;
        if (state == null) {
            return;
        }
        for (byte[] key : state.keys) {
            DbKey k = new DbKey(state.db, new ByteKey(key));
            LinkedHashSet<Client> clients = waiting.get(k);
            if (clients != null) {
                clients.remove(c);
                if (clients.isEmpty()) {
                    waiting.remove(k);
                }
            }
        }
        if (state.timer != null) {
            state.timer.cancel(false);
        }
        c.blocked = null;
        blockedClients--;
    }

    /** A key may have become ready; remembered only if someone waits on it. */
    public void signal(int db, byte[] key) {
        if (waiting.isEmpty()) {
            return;
        }
        DbKey k = new DbKey(db, new ByteKey(key));
        if (waiting.containsKey(k)) {
            readySet.add(k);
        }
    }

    /**
     * Signals every key of database {@code db} that a client waits on and {@code exists} accepts (SWAPDB
     * brings another database's keys under the waiting clients, as Redis's {@code scanDatabaseForReadyKeys}).
     */
    public void signalExisting(int db, Predicate<byte[]> exists) {
        for (DbKey k : waiting.keySet()) {
            if (k.db() == db && exists.test(k.key().bytes())) {
                readySet.add(k);
            }
        }
    }

    public boolean hasReady() {
        return !readySet.isEmpty();
    }

    /** A client to serve from a key that became ready. */
    public record Ready(Client client, byte[] key) {
    }

    /**
     * The keys signalled so far in signal order, each with its waiting clients in block order (Redis's
     * {@code handleClientsBlockedOnKeys}). A client waiting on several ready keys appears once per key;
     * once served it is no longer blocked and later entries for it are skipped by the caller.
     */
    public List<Ready> drainReady() {
        List<Ready> out = new ArrayList<>();
        List<DbKey> keys = new ArrayList<>(readySet);
        readySet.clear();
        for (DbKey k : keys) {
            LinkedHashSet<Client> clients = waiting.get(k);
            if (clients != null) {
                for (Client c : clients) {
                    out.add(new Ready(c, k.key().bytes()));
                }
            }
        }
        return out;
    }
}
