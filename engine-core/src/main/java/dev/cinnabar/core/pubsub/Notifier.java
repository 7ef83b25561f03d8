// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.pubsub;

import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.RedisError;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/** Keyspace notifications as Redis's {@code notify.c}: the flag string and the two channels per event. */
public final class Notifier {
    /** What 'A' stands for: every class but {@code keymiss} and {@code new} (Redis's {@code NOTIFY_ALL}). */
    private static final Set<KeyEvent> ALL = EnumSet.of(KeyEvent.GENERIC, KeyEvent.STRING, KeyEvent.LIST,
            KeyEvent.SET, KeyEvent.HASH, KeyEvent.ZSET, KeyEvent.EXPIRED, KeyEvent.EVICTED, KeyEvent.STREAM,
            KeyEvent.MODULE);

    private final PubSub pubsub;
    private final Set<KeyEvent> enabled = EnumSet.noneOf(KeyEvent.class);
    private boolean keyspace;
    private boolean keyevent;

    public Notifier(PubSub pubsub) {
        this.pubsub = pubsub;
    }

    /** Parses {@code notify-keyspace-events} ("KEA", "Ex", …); ERR on an unknown letter. */
    public void configure(String flags) {
        Set<KeyEvent> classes = EnumSet.noneOf(KeyEvent.class);
        boolean k = false;
        boolean e = false;
        for (char c : flags.toCharArray()) {
            switch (c) {
                case 'A' -> classes.addAll(ALL);
                case 'K' -> k = true;
                case 'E' -> e = true;
                default -> {
                    KeyEvent ev = null;
                    for (KeyEvent candidate : KeyEvent.values()) {
                        if (candidate.letter() == c) {
                            ev = candidate;
                        }
                    }
                    if (ev == null) {
                        throw RedisError.err("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
                    }
                    classes.add(ev);
                }
            }
        }
        enabled.clear();
        enabled.addAll(classes);
        keyspace = k;
        keyevent = e;
    }

    /**
     * The flag string as CONFIG GET prints it (Redis's {@code keyspaceEventsFlagsToString}): 'A' hides 'n'
     * even though it stays enabled, and 'm' comes after 'K' and 'E'.
     */
    public String flags() {
        StringBuilder sb = new StringBuilder();
        if (enabled.containsAll(ALL)) {
            sb.append('A');
        } else {
            for (KeyEvent ev : new KeyEvent[]{KeyEvent.GENERIC, KeyEvent.STRING, KeyEvent.LIST, KeyEvent.SET,
                    KeyEvent.HASH, KeyEvent.ZSET, KeyEvent.EXPIRED, KeyEvent.EVICTED, KeyEvent.STREAM,
                    KeyEvent.MODULE, KeyEvent.NEW}) {
                if (enabled.contains(ev)) {
                    sb.append(ev.letter());
                }
            }
        }
        if (keyspace) {
            sb.append('K');
        }
        if (keyevent) {
            sb.append('E');
        }
        if (enabled.contains(KeyEvent.KEY_MISS)) {
            sb.append('m');
        }
        return sb.toString();
    }

    public boolean active() {
        return (keyspace || keyevent) && !enabled.isEmpty();
    }

    public void notify(KeyEvent type, String event, byte[] key, int db) {
        if (!(keyspace || keyevent) || !enabled.contains(type)) {
            return;
        }
        byte[] eventBytes = event.getBytes(StandardCharsets.US_ASCII);
        if (keyspace) {
            byte[] prefix = ("__keyspace@" + db + "__:").getBytes(StandardCharsets.US_ASCII);
            byte[] channel = new byte[prefix.length + key.length];
            System.arraycopy(prefix, 0, channel, 0, prefix.length);
            System.arraycopy(key, 0, channel, prefix.length, key.length);
            pubsub.publish(channel, eventBytes);
        }
        if (keyevent) {
            pubsub.publish(("__keyevent@" + db + "__:" + event).getBytes(StandardCharsets.US_ASCII), key);
        }
    }
}
