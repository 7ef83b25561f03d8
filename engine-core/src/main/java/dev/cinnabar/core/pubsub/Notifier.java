// SPDX-License-Identifier: Apache-2.0
package dev.cinnabar.core.pubsub;

import dev.cinnabar.spi.KeyEvent;
import dev.cinnabar.spi.RedisError;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/** Keyspace notifications as Redis's {@code notify.c}: the flag string and the two channels per event. */
public final class Notifier {
    private final PubSub pubsub;
    private final Set<KeyEvent> enabled = EnumSet.noneOf(KeyEvent.class);
    private boolean keyspace;
    private boolean keyevent;

    public Notifier(PubSub pubsub) {
        this.pubsub = pubsub;
    }

    /** The classes "A" stands for: every class but key-miss and new-key events. */
    private static final Set<KeyEvent> ALL = EnumSet.of(KeyEvent.GENERIC, KeyEvent.STRING, KeyEvent.LIST,
            KeyEvent.SET, KeyEvent.HASH, KeyEvent.ZSET, KeyEvent.EXPIRED, KeyEvent.EVICTED, KeyEvent.STREAM,
            KeyEvent.MODULE);
    /** The order {@code keyspaceEventsFlagsToString} prints classes in when they are not all set. */
    private static final KeyEvent[] PRINT_ORDER = {KeyEvent.GENERIC, KeyEvent.STRING, KeyEvent.LIST, KeyEvent.SET,
        KeyEvent.HASH, KeyEvent.ZSET, KeyEvent.EXPIRED, KeyEvent.EVICTED, KeyEvent.STREAM, KeyEvent.MODULE,
        KeyEvent.NEW};

    /** Flags parsed by {@link #parseSetting} and not applied yet. */
    private Set<KeyEvent> parsedClasses;
    private String parsedPrinted;

    /**
     * Parses a {@code notify-keyspace-events} value for CONFIG SET and returns it as CONFIG GET prints it.
     * The printed form can lose a class ("AKEn" prints "AKE", as in Redis), so the parsed classes are
     * kept for {@link #configure} rather than parsed again from what was printed.
     */
    public String parseSetting(String flags) {
        Set<KeyEvent> classes = EnumSet.noneOf(KeyEvent.class);
        int channels = parse(flags, classes);
        parsedClasses = classes;
        parsedPrinted = print(classes, (channels & 1) != 0, (channels & 2) != 0);
        return parsedPrinted;
    }

    /** Applies a printed {@code notify-keyspace-events} value ("AKE", "xE", …). */
    public void configure(String printed) {
        Set<KeyEvent> classes = EnumSet.noneOf(KeyEvent.class);
        int channels = parse(printed, classes);
        if (printed.equals(parsedPrinted)) {
            classes = parsedClasses;
        }
        parsedClasses = null;
        parsedPrinted = null;
        enabled.clear();
        enabled.addAll(classes);
        keyspace = (channels & 1) != 0;
        keyevent = (channels & 2) != 0;
    }

    /**
     * Parses a flag string as Redis's {@code keyspaceEventsStringToFlags} and prints it back as
     * {@code keyspaceEventsFlagsToString} does: "KEA" becomes "AKE", "Ex" becomes "xE".
     */
    public static String normalize(String flags) {
        Set<KeyEvent> classes = EnumSet.noneOf(KeyEvent.class);
        int channels = parse(flags, classes);
        return print(classes, (channels & 1) != 0, (channels & 2) != 0);
    }

    /** Fills {@code classes}; returns 1 for K, 2 for E, 3 for both. */
    private static int parse(String flags, Set<KeyEvent> classes) {
        int channels = 0;
        for (char c : flags.toCharArray()) {
            switch (c) {
                case 'A' -> classes.addAll(ALL);
                case 'K' -> channels |= 1;
                case 'E' -> channels |= 2;
                default -> classes.add(eventFor(c));
            }
        }
        return channels;
    }

    private static KeyEvent eventFor(char letter) {
        for (KeyEvent candidate : KeyEvent.values()) {
            if (candidate.letter() == letter) {
                return candidate;
            }
        }
        throw RedisError.err("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    }

    /** The flag string as CONFIG GET prints it. */
    public String flags() {
        return print(enabled, keyspace, keyevent);
    }

    private static String print(Set<KeyEvent> classes, boolean keyspace, boolean keyevent) {
        StringBuilder sb = new StringBuilder();
        if (classes.containsAll(ALL)) {
            sb.append('A');
        } else {
            for (KeyEvent ev : PRINT_ORDER) {
                if (classes.contains(ev)) {
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
        if (classes.contains(KeyEvent.KEY_MISS)) {
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
