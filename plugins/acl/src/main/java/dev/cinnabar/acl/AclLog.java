// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.acl;

import dev.cinnabar.spi.AccessContext;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/** ACL LOG: the latest denials, newest first, similar ones folded into one entry with a count (Redis's ACLLog). */
final class AclLog {
    /** Entries this far apart in time (milliseconds) are not folded together ({@code ACL_LOG_GROUPING_MAX_TIME_DELTA}). */
    private static final long GROUPING_MILLIS = 60_000;
    /** How many of the newest entries a new one is compared with before it is added as new. */
    private static final int SCAN_FOR_SIMILAR = 10;

    /** Why a command or login was refused, as ACL LOG's {@code reason} field names it. */
    enum Reason {
        COMMAND("command"), KEY("key"), CHANNEL("channel"), AUTH("auth");

        final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    static final class Entry {
        long count = 1;
        final Reason reason;
        final AccessContext context;
        final byte[] object;
        final String username;
        long millis;
        String clientInfo;

        Entry(Reason reason, AccessContext context, byte[] object, String username, long millis, String clientInfo) {
            this.reason = java.util.Objects.requireNonNull(reason, "reason is null");
            this.context = java.util.Objects.requireNonNull(context, "context is null");
            this.object = java.util.Objects.requireNonNull(object, "object is null");
            this.username = java.util.Objects.requireNonNull(username, "username is null");
            this.millis = millis;
            this.clientInfo = clientInfo;
        }

        boolean similar(Entry o) {
            return reason == o.reason && context == o.context && Math.abs(millis - o.millis) <= GROUPING_MILLIS
                    && Arrays.equals(object, o.object) && username.equals(o.username);
        }
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    void add(Entry entry, long maxLength) {
        int scanned = 0;
        for (Iterator<Entry> it = entries.iterator(); it.hasNext() && scanned < SCAN_FOR_SIMILAR; scanned++) {
            Entry current = it.next();
            if (current.similar(entry)) {
                it.remove();
                current.count++;
                current.millis = entry.millis;
                current.clientInfo = entry.clientInfo;
                entries.addFirst(current);
                return;
            }
        }
        entries.addFirst(entry);
        while (entries.size() > maxLength) {
            entries.removeLast();
        }
    }

    List<Entry> newest(long count) {
        return entries.stream().limit(Math.max(0, count)).toList();
    }

    void reset() {
        entries.clear();
    }
}
